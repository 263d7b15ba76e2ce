-- wrk script: a SPARQL query that differs on every request (the cache-miss path).
--   wrk ... -s miss.lua http://HOST:PORT -- /kg/sparql application/sparql-results+json template.rq
-- The template's token MISS is replaced by a number unique to this request across runs — 1, then the
-- run's start time in seconds (6 digits), the thread (2 digits) and a counter (8 digits), e.g. for a LIMIT
-- larger than any answer — and the query sent by GET. The start time keeps a later run against the same
-- server (warm-up, the next round) from asking what an earlier run already asked, which a cache would hit.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local path, accept, template
local n = 0
local run = os.time() % 1000000
local function enc(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
  path, accept = args[1], args[2]
  local f = assert(io.open(args[3], "r"))
  template = f:read("*a")
  f:close()
end

function request()
  n = n + 1
  local q = template:gsub("MISS", string.format("1%06d%02d%08d", run, (tid or 0) % 100, n))
  return wrk.format("GET", path .. "?query=" .. enc(q), { ["Accept"] = accept })
end

-- wrk script: a SPARQL query that differs on every request (the cache-miss path).
--   wrk ... -s miss.lua http://HOST:PORT -- /kg/sparql application/sparql-results+json template.rq
-- The template's token MISS is replaced by "<thread>-<counter>" and the query sent by GET.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local path, accept, template
local n = 0
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
  local q = template:gsub("MISS", tostring(tid or 0) .. "-" .. n)
  return wrk.format("GET", path .. "?query=" .. enc(q), { ["Accept"] = accept })
end

-- wrk script: rotates through the requests listed in a file (one per line: PATH, or PATH<TAB>ACCEPT),
-- each thread starting at a different place, and counts answers by status class.
--   wrk -t2 -c64 -d60s -s readmix.lua http://127.0.0.1:3030 -- requests.txt
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local reqs = {}
local i = 0
function init(args)
  local f = assert(io.open(args[1], "r"))
  for line in f:lines() do
    local path, accept = line:match("^([^\t]+)\t?(.*)$")
    if path then
      local headers = {}
      if accept and accept ~= "" then headers["Accept"] = accept end
      table.insert(reqs, wrk.format("GET", path, headers))
    end
  end
  f:close()
  i = (tid or 0) * 7
  s2, s3, s4, s5, s503 = 0, 0, 0, 0, 0
end

function request()
  i = i + 1
  return reqs[(i % #reqs) + 1]
end

function response(status, headers, body)
  if status >= 500 then
    s5 = s5 + 1
    if status == 503 then s503 = s503 + 1 end
  elseif status >= 400 then s4 = s4 + 1
  elseif status >= 300 then s3 = s3 + 1
  else s2 = s2 + 1 end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s5 = 0, s503 = 0}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d 503=%d\n", t.s2, t.s3, t.s4, t.s5, t.s503))
  io.write(string.format("LAT p50=%.3f p99=%.3f max=%.3f\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end

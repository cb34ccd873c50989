-- wrk script for `make bench`: every request gets its own URL (an extra query parameter the server
-- ignores), so none is answered from the server's answer cache: this measures the render path.
local counter = 0
local prefix = tostring(math.random(1, 1000000000)) .. tostring({}):sub(8)
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&bench_nocache=" .. prefix .. "-" .. counter)
end

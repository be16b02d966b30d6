-- wrk script for bench.web.load: each connection asks for the paths listed in $WRK_PATHS (one a line) in
-- turn, each thread starting at its own place in the list. Any answer but 200 is counted as an error (its
-- status kept, the first few); the figures are printed as one JSON line after "RESULT ".
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  paths[#paths + 1] = line
end

local threads = {}

function setup(thread)
  thread:set("next_path", #threads * 7)
  threads[#threads + 1] = thread
end

function init(args)
  not_ok = 0
  first_not_ok = ""
end

function request()
  next_path = next_path + 1
  return wrk.format("GET", paths[(next_path % #paths) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
    if #first_not_ok < 40 then
      first_not_ok = first_not_ok .. status .. " "
    end
  end
end

function done(summary, latency, requests)
  local not_ok_total, seen = 0, ""
  for _, thread in ipairs(threads) do
    not_ok_total = not_ok_total + thread:get("not_ok")
    seen = seen .. thread:get("first_not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"responses": %d, "seconds": %.3f, "not_200": %d, "connect_errors": %d, "read_errors": %d,'
      .. ' "write_errors": %d, "timeouts": %d, "p50_ms": %.1f, "p90_ms": %.1f, "p99_ms": %.1f,'
      .. ' "max_ms": %.1f, "first_statuses_not_200": "%s"}\n',
    summary.requests, summary.duration / 1e6, not_ok_total, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, seen))
end

-- A mix of pages: each connection takes the paths given after "--" in turn, starting at a
-- different one, and every response is tallied by the wall-clock second it came back in, so
-- a fault run shows when errors happened. done() prints one "BENCH_JSON {...}" line.

local paths = {}
local next_index = 1
local threads = {}
-- Global, not local: done() reads each thread's copy with thread:get(). Flat tables only:
-- wrk's copy of a table holding tables crashes it.
answers = {}
failures = {}

setup = function(thread)
  table.insert(threads, thread)
  -- Threads start at different pages, so the mix is spread from the first second.
  thread:set("offset", #threads * 7)
end

init = function(args)
  for _, path in ipairs(args) do
    table.insert(paths, path)
  end
  next_index = offset % #paths + 1
end

request = function()
  next_index = next_index % #paths + 1
  return wrk.format(nil, paths[next_index])
end

response = function(status, headers, body)
  local second = os.time()
  answers[second] = (answers[second] or 0) + 1
  if status >= 400 then
    failures[second] = (failures[second] or 0) + 1
  end
end

done = function(summary, latency, requests)
  local merged_answers, merged_failures, seconds = {}, {}, {}
  for _, thread in ipairs(threads) do
    for second, count in pairs(thread:get("answers") or {}) do
      if merged_answers[second] == nil then
        table.insert(seconds, second)
      end
      merged_answers[second] = (merged_answers[second] or 0) + count
    end
    for second, count in pairs(thread:get("failures") or {}) do
      merged_failures[second] = (merged_failures[second] or 0) + count
    end
  end
  table.sort(seconds)
  local rows = {}
  for _, second in ipairs(seconds) do
    table.insert(rows, string.format('[%d, %d, %d]', second, merged_answers[second],
      merged_failures[second] or 0))
  end
  local duration = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"non_2xx_3xx": %d, "socket_errors": {"connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d}, "per_second": [%s]}\n',
    summary.requests, duration, summary.requests / duration, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    table.concat(rows, ", ")))
end

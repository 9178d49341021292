-- wrk script: POST /submit-code with 4 KB of code per request (seed 004), user_id varying so that keys spread over
-- the partitions of code-execution, as real traffic would.
--
--   wrk -t2 -c64 -d30s -s bench/submissions.lua http://127.0.0.1:8000/submit-code
--
-- Environment: USERS (distinct user ids, default 1000), CODE_BYTES (size of the code, UTF-8, default 4096),
-- STATUS_COUNTS=0 skips per-status counting.
--
-- The code is a Python program of exactly CODE_BYTES bytes whose first line carries a counter, so no two requests
-- send the same code; quotes and newlines make its JSON about 10 % larger than the code itself.
-- done() prints the same machine-readable lines as payments.lua (status, non2xx, errors, latency_us, rps).

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local users = tonumber(os.getenv("USERS") or "1000")
local code_bytes = tonumber(os.getenv("CODE_BYTES") or "4096")
local count_status = os.getenv("STATUS_COUNTS") ~= "0"

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local counter = 0
statuses = {}
local head_width = 24          -- '# submission 0000000001\n'
local body_rest

-- The code after its first line, JSON-escaped once: lines of a plausible program, cut to the exact size.
local function code_tail(size)
  local lines = {}
  local n = 0
  local i = 0
  while n < size do
    i = i + 1
    local line = string.format('print("line %04d: the quick brown fox jumps over the lazy dog")\n', i)
    table.insert(lines, line)
    n = n + #line
  end
  local code = table.concat(lines):sub(1, size)
  return code:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n')
end

function init(args)
  counter = (id or 0) * 7919
  body_rest = code_tail(code_bytes - head_width)
end

function request()
  counter = counter + 1
  local body = string.format('{"code": "# submission %010d\\n%s", "language": "python", "input_data": "42", '
    .. '"user_id": "user-%d"}', counter % 10000000000, body_rest, counter % users)
  return wrk.format(nil, nil, nil, body)
end

if count_status then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  local codes = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses") or {}) do
      codes[code] = (codes[code] or 0) + n
    end
  end
  local sorted = {}
  for code in pairs(codes) do table.insert(sorted, code) end
  table.sort(sorted)
  for _, code in ipairs(sorted) do
    io.write(string.format("status %d %d\n", code, codes[code]))
    if code < 200 or code > 299 then non2xx = non2xx + codes[code] end
  end
  if not count_status then
    non2xx = summary.errors.status
  end
  io.write(string.format("non2xx %d\n", non2xx))
  io.write(string.format("errors connect %d read %d write %d timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency_us p50 %d p90 %d p99 %d p99.9 %d max %d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
end

-- wrk script: POST /payments with JSON bodies whose customer_id varies, so that keys spread over the
-- partitions of the payments topic, as real traffic would.
--
--   wrk -t1 -c64 -d30s -s bench/payments.lua http://127.0.0.1:8000/payments
--
-- Environment: CUSTOMERS (distinct customer ids, default 1000); API_KEY (sent as X-API-Key when set, for an app with
-- authentication on); STATUS_COUNTS=0 skips per-status counting
-- (wrk then skips parsing responses for Lua, which saves a little generator CPU; the summary still gives
-- wrk's own "Non-2xx or 3xx responses" count).
--
-- done() prints machine-readable lines that bench/run-payments.sh greps:
--   status <code> <count>      per status code (if counted)
--   non2xx <count>
--   latency_us p50 <v> p90 <v> p99 <v> p99.9 <v> max <v>
--   rps <requests per second>
-- Note wrk is a closed-loop generator: its latencies suffer from coordinated omission; use loadgen's open
-- loop for latency figures.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("API_KEY") and os.getenv("API_KEY") ~= "" then
  wrk.headers["X-API-Key"] = os.getenv("API_KEY")
end

local customers = tonumber(os.getenv("CUSTOMERS") or "1000")
local count_status = os.getenv("STATUS_COUNTS") ~= "0"

-- Per-thread state: each wrk thread runs this script in its own Lua interpreter.
local threads = {}
local thread_id = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local counter = 0
statuses = {}

function init(args)
  -- Offset each thread's sequence so that threads do not send the same customer ids in lock-step.
  counter = (id or 0) * 7919
end

function request()
  counter = counter + 1
  local body = string.format('{"amount": %d.%02d, "currency": "USD", "customer_id": "CUST-%d"}',
    10 + counter % 990, counter % 100, counter % customers)
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
    local s = thread:get("statuses")
    for code, n in pairs(s or {}) do
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
    non2xx = summary.errors.status -- wrk's own count: status > 399
  end
  io.write(string.format("non2xx %d\n", non2xx))
  io.write(string.format("errors connect %d read %d write %d timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency_us p50 %d p90 %d p99 %d p99.9 %d max %d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
  io.write(string.format("rps %.1f\n", summary.requests / (summary.duration / 1e6)))
end

-- Replays the signed status callbacks WebhookLoad wrote, each wrk thread taking every n-th one (n = threads, the
-- argument after --), so no two threads send the same callback. WEBHOOK_SKIP=N starts after the first N (the ones
-- a warm-up run already sent), so a measured run does not repeat them as duplicates.
local requests = {}
for line in io.lines(os.getenv("WEBHOOK_REQUESTS") or "target/webhook-requests.tsv") do
  local path, body, signature = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
  table.insert(requests, {path, body, signature})
end
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  step = tonumber(args[1] or "1")
  skip = tonumber(os.getenv("WEBHOOK_SKIP") or "0")
  skip = skip - skip % step
  counter = skip + id + 1
end

function request()
  local r = requests[counter]
  counter = counter + step
  if counter > #requests then counter = skip + id + 1 end
  -- wrk.format uses the table given instead of wrk.headers, so it must carry Host itself
  local headers = {["Host"] = wrk.headers["Host"], ["Content-Type"] = "application/x-www-form-urlencoded",
                   ["X-Twilio-Signature"] = r[3]}
  return wrk.format("POST", r[1], headers, r[2])
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d errors_status=%d p50_ms=%.2f p99_ms=%.2f\n", summary.requests,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

-- wrk's script for the token-endpoint benchmark (see load.ts): every request is the same
-- client_credentials POST; with several ports in WRK_PORTS, wrk's threads take them in turn (one thread
-- per port, the connections split evenly), as a load balancer in front of replicas would. At the end it
-- prints one line of JSON: requests, answers of status 400 or more, socket errors, and the p50 and p99
-- of the response times (in microseconds).
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = os.getenv("WRK_CONTENT_TYPE")
wrk.headers["Authorization"] = os.getenv("WRK_AUTHORIZATION")

local ports = {}
for port in string.gmatch(os.getenv("WRK_PORTS") or "", "%d+") do
  table.insert(ports, port)
end
local threads = 0

function setup(thread)
  if #ports > 0 then
    thread.addr = wrk.lookup("127.0.0.1", ports[threads % #ports + 1])[1]
  end
  threads = threads + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\n{"requests":%d,"microseconds":%d,"failedStatus":%d,"socketErrors":%d,"p50":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end

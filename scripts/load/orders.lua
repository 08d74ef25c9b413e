-- wrk: POST /v1/orders with the scenario's carts and a unique Idempotency-Key each.
dofile(os.getenv("CARTS"))
local counter = 1
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end
local n = 0
request = function()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json",
                    ["Idempotency-Key"] = os.getenv("RUN") .. "-" .. tid .. "-" .. n }
  return wrk.format("POST", "/v1/orders", headers, carts[(n % #carts) + 1])
end
local failures = 0
response = function(status, headers, body)
  if status ~= 201 then failures = failures + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("non-201 responses: %d\n", summary.errors.status))
end

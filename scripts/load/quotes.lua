-- wrk: POST /v1/quotes with the scenario's carts, round-robin (carts.lua is generated).
-- With $AUTH set, every request carries it as a bearer key.
dofile(os.getenv("CARTS"))
local n = 0
local headers = { ["Content-Type"] = "application/json" }
local auth = os.getenv("AUTH")
if auth ~= nil and auth ~= "" then headers["Authorization"] = "Bearer " .. auth end
request = function()
  n = n + 1
  return wrk.format("POST", "/v1/quotes", headers, carts[(n % #carts) + 1])
end

-- wrk: POST /v1/quotes with the scenario's carts, round-robin (carts.lua is generated).
dofile(os.getenv("CARTS"))
local n = 0
local headers = { ["Content-Type"] = "application/json" }
request = function()
  n = n + 1
  return wrk.format("POST", "/v1/quotes", headers, carts[(n % #carts) + 1])
end

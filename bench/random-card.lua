-- wrk script: each request asks for the card page of a random benchmark card.
-- Benchmark ICCIDs are "8986009" + 12-digit index + Luhn check digit (DemoData.BenchIccid); the
-- first 16 indices are taken by the demo cards, so bench cards run from 16 to CARDS-1.
local cards = tonumber(os.getenv("CARDS") or "100000")

local function luhn_digit(body)
  for d = 0, 9 do
    local s, alt = body .. d, false
    local sum = 0
    for i = #s, 1, -1 do
      local n = tonumber(s:sub(i, i))
      if alt then n = n * 2; if n > 9 then n = n - 9 end end
      sum, alt = sum + n, not alt
    end
    if sum % 10 == 0 then return d end
  end
end

math.randomseed(os.time())
request = function()
  local body = string.format("8986009%012d", math.random(16, cards - 1))
  return wrk.format("GET", "/cards/" .. body .. luhn_digit(body))
end

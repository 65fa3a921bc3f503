-- wrk script: each request asks for the card page of a random benchmark card.
-- Benchmark ICCIDs are "8986009" + 12-digit index + Luhn check digit (DemoData.BenchIccid); the
-- first 16 indices are taken by the demo cards, so bench cards run from 16 to CARDS-1.
-- HOT=1: a realistic hot set instead, 80% of the requests on 1% of the cards (the shops that look again and again).
local cards = tonumber(os.getenv("CARDS") or "1000000")
local hot = os.getenv("HOT") == "1"
local hot_cards = math.max(1, math.floor((cards - 16) / 100))

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

-- Each wrk thread has its own Lua state: seeded alike, the threads would ask for the same cards in the same order,
-- and every second request would be an output-cache hit on a "random" card. Each thread gets its own seed.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

request = function()
  local index
  if hot and math.random() < 0.8 then
    index = 16 + math.random(0, hot_cards - 1)
  else
    index = math.random(16, cards - 1)
  end
  local body = string.format("8986009%012d", index)
  return wrk.format("GET", "/cards/" .. body .. luhn_digit(body))
end

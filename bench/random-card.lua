-- wrk script: each request asks for the card page of a random benchmark card.
-- Benchmark ICCIDs are "8986009" + 12-digit index + Luhn check digit (DemoData.BenchIccid); the
-- first 16 indices are taken by the demo cards, so bench cards run from 16 to CARDS-1.
-- HOT=1: a realistic hot set instead, 80% of the requests on 1% of the cards (the shops that look again and again).
-- wrk runs on the same cores as the portal, so a request costs the script as little as it can: the check digit takes one
-- pass over the index's 12 digits (the prefix's share is summed once), and the hot set's requests are made once at start.
local cards = tonumber(os.getenv("CARDS") or "1000000")
local hot = os.getenv("HOT") == "1"
local hot_cards = math.max(1, math.floor((cards - 16) / 100))

-- Luhn: counting from the right of the 19-digit body, the 1st, 3rd, 5th… digit is doubled (the check digit comes after).
local function luhn_add(sum, digit, doubled)
  if doubled then
    digit = digit * 2
    if digit > 9 then digit = digit - 9 end
  end
  return sum + digit
end

local prefix_sum = 0
do
  local prefix = "8986009"
  for i = #prefix, 1, -1 do
    -- The prefix's last digit is the 13th from the right of the body.
    prefix_sum = luhn_add(prefix_sum, tonumber(prefix:sub(i, i)), (12 + #prefix - i + 1) % 2 == 1)
  end
end

local function path(index)
  local sum, n = prefix_sum, index
  for position = 1, 12 do
    sum = luhn_add(sum, n % 10, position % 2 == 1)
    n = math.floor(n / 10)
  end
  return string.format("/cards/8986009%012d%d", index, (10 - sum % 10) % 10)
end

-- Each wrk thread has its own Lua state: seeded alike, the threads would ask for the same cards in the same order,
-- and every second request would be an output-cache hit on a "random" card. Each thread gets its own seed.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local hot_requests = {}
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  if hot then
    for i = 0, hot_cards - 1 do
      hot_requests[i] = wrk.format("GET", path(16 + i))
    end
  end
end

request = function()
  if hot and math.random() < 0.8 then
    return hot_requests[math.random(0, hot_cards - 1)]
  end
  return wrk.format("GET", path(math.random(16, cards - 1)))
end

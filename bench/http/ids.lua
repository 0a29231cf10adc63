-- ids.lua - wrk script: GET /api/entities/ID over every id of $IDS in turn
-- (percent-encoded, one per line), with $SUFFIX appended ("?fresh=1" skips the
-- response cache, which only serves requests without parameters).
local ids = {}
for line in io.lines(os.getenv("IDS")) do ids[#ids + 1] = line end
local suffix = os.getenv("SUFFIX") or ""
local i = math.random(#ids)
request = function()
  i = i + 1
  if i > #ids then i = 1 end
  return wrk.format("GET", "/api/entities/" .. ids[i] .. suffix)
end

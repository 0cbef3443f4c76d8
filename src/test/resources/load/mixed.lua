-- HazChain mixed workload for wrk (issue #7, load run). Started by cn.hazchain.bench.LoadRun, which prepares the
-- data files and reads the "HC" lines printed by done(). Usage:
--   wrk -t<N> -c<N> -d<secs> -s mixed.lua http://localhost:<port> -- <data dir> <handheld threads> <handheld delay ms> <web delay ms>
-- One connection per thread (-t = -c), so a thread's responses come back in the order of its requests and each
-- response can be checked against the request that asked for it.
--
-- Threads 1..H are handhelds (their own device and driver shift): scan a label (POST /api/mobile/v1/scan), sync
-- fresh COLLECT events for never-collected drums, each with a new clientEventId (POST /api/mobile/v1/sync, batches
-- of 1 or 5), read a container, refresh the offline kit with If-None-Match. The other threads are web users
-- (regulator or collector): container trails and lineage, manifest trails, container views and regulator searches.

local counter = 0
local threads = {}

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

local function lines(path)
   local t = {}
   for l in io.lines(path) do
      if l ~= "" then t[#t + 1] = l end
   end
   return t
end

local function split(s)
   local t = {}
   for field in string.gmatch(s, "[^\t]+") do t[#t + 1] = field end
   return t
end

local OPS = { "scan", "sync", "container", "kit", "trail", "lineage", "manifestTrail", "searchContainers",
              "searchManifests", "searchTransfers" }

function init(args)
   local dir = args[1]
   handhelds = tonumber(args[2])
   handheldDelay = tonumber(args[3])
   webDelay = tonumber(args[4])
   math.randomseed(id * 7919)
   local tokens = lines(dir .. "/tokens.txt") -- regulator, collector, then one shift token per handheld
   handheld = id <= handhelds
   if handheld then
      token = tokens[2 + id]
   else
      token = tokens[1 + (id % 2)]
   end
   collected = {}
   for _, l in ipairs(lines(dir .. "/collected.txt")) do collected[#collected + 1] = split(l) end -- label, qrUrl, manifest
   towns = lines(dir .. "/towns.txt")
   drums = {}
   if handheld then
      for _, l in ipairs(lines(dir .. "/drums-" .. id .. ".txt")) do drums[#drums + 1] = split(l) end -- label, manifest
   end
   nextDrum = 1
   ackedDrum = 0 -- drums 1..ackedDrum were answered APPLIED; a sync in flight when the run ends holds the next ones
   for _, op in ipairs(OPS) do
      _G["ok_" .. op] = 0
      _G["bad_" .. op] = 0
   end
   applied = 0
   syncedEvents = 0
   exhausted = 0
   lastBad = ""
   kitEtag = nil
   op = nil
   seq = 0
end

local function uuid()
   seq = seq + 1
   -- unique per thread and run: the thread id and a counter, the rest random
   return string.format("%08x-%04x-4%03x-a%03x-%012x", math.random(0, 0x7fffffff), id, math.random(0, 0xfff),
      math.random(0, 0xfff), seq)
end

local function pick(t)
   return t[math.random(#t)]
end

local function get(path, headers)
   headers = headers or {}
   headers["Authorization"] = "Bearer " .. token
   return wrk.format("GET", path, headers)
end

local function post(path, body)
   return wrk.format("POST", path, { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end

local function syncBody(n)
   local events = {}
   local now = os.time()
   expected = 0
   for i = 1, n do
      local d = drums[nextDrum]
      if d == nil then break end
      nextDrum = nextDrum + 1
      expected = expected + 1
      events[#events + 1] = string.format(
         '{"clientEventId":"%s","type":"COLLECT","labelId":"%s","manifestNumber":"%s","weightKg":%.1f,'
            .. '"clientTime":"%s","latitude":%.5f,"longitude":%.5f}',
         uuid(), d[1], d[2], 140 + math.random() * 20, os.date("!%Y-%m-%dT%H:%M:%SZ", now - 1),
         31.85 + math.random() * 0.1, 120.2 + math.random() * 0.2)
   end
   if expected == 0 then return nil end
   return '{"events":[' .. table.concat(events, ",") .. ']}'
end

function request()
   local r = math.random(100)
   if handheld then
      if r <= 45 then
         op = "scan"
         return post("/api/mobile/v1/scan", '{"token":"' .. pick(collected)[2] .. '"}')
      elseif r <= 75 then
         local body = syncBody(math.random(10) <= 7 and 1 or 5)
         if body ~= nil then
            op = "sync"
            return post("/api/mobile/v1/sync", body)
         end
         exhausted = exhausted + 1
         op = "scan"
         return post("/api/mobile/v1/scan", '{"token":"' .. pick(collected)[2] .. '"}')
      elseif r <= 95 then
         op = "container"
         return get("/api/containers/" .. pick(collected)[1])
      else
         op = "kit"
         local h = {}
         if kitEtag then h["If-None-Match"] = kitEtag end
         return get("/api/mobile/v1/offline-kit", h)
      end
   end
   local c = pick(collected)
   if r <= 30 then
      op = "trail"
      return get("/api/containers/" .. c[1] .. "/trail")
   elseif r <= 40 then
      op = "lineage"
      return get("/api/containers/" .. c[1] .. "/lineage")
   elseif r <= 50 then
      op = "manifestTrail"
      return get("/api/manifests/" .. c[3] .. "/trail")
   elseif r <= 65 then
      op = "container"
      return get("/api/containers/" .. c[1])
   elseif r <= 85 then
      op = "searchContainers"
      local states = { "COLLECTED", "ISSUED", "IN_STORAGE" }
      return get("/api/search/containers?town=" .. pick(towns) .. "&state=" .. pick(states) .. "&size=50&page=" .. math.random(0, 3))
   elseif r <= 95 then
      op = "searchManifests"
      return get("/api/search/manifests?from=2026-01-01&wasteCode=900-249-08&size=50&sort=-pickupDate")
   else
      op = "searchTransfers"
      return get("/api/search/transfers?size=50")
   end
end

function response(status, headers, body)
   local good = status == 200 or (op == "kit" and status == 304)
   if good and op == "sync" then
      local n = select(2, string.gsub(body, '"result":"APPLIED"', ""))
      syncedEvents = syncedEvents + expected
      applied = applied + n
      good = n == expected
      if good then ackedDrum = nextDrum - 1 end
   end
   if good and op == "kit" and status == 200 then
      kitEtag = headers["ETag"] or headers["etag"]
   end
   if good then
      _G["ok_" .. op] = _G["ok_" .. op] + 1
   else
      _G["bad_" .. op] = _G["bad_" .. op] + 1
      lastBad = op .. " " .. status .. " " .. string.sub(body, 1, 300)
   end
end

function delay()
   if handheld then return handheldDelay end
   return webDelay
end

function done(summary, latency, requests)
   local totals = {}
   for _, op in ipairs(OPS) do totals[op] = { 0, 0 } end
   local applied, synced, exhausted = 0, 0, 0
   for _, t in ipairs(threads) do
      for _, op in ipairs(OPS) do
         totals[op][1] = totals[op][1] + t:get("ok_" .. op)
         totals[op][2] = totals[op][2] + t:get("bad_" .. op)
      end
      applied = applied + t:get("applied")
      synced = synced + t:get("syncedEvents")
      exhausted = exhausted + t:get("exhausted")
      if t:get("handheld") then
         io.write(string.format("HC drums %d %d %d\n", t:get("id"), t:get("ackedDrum"), t:get("nextDrum") - 1))
      end
      local lb = t:get("lastBad")
      if lb ~= "" then io.write("HC lastBad thread ", t:get("id"), ": ", lb, "\n") end
   end
   for _, op in ipairs(OPS) do
      io.write(string.format("HC op %s %d %d\n", op, totals[op][1], totals[op][2]))
   end
   io.write(string.format("HC sync %d %d %d\n", synced, applied, exhausted))
   io.write(string.format("HC summary %d %d %d %d %d %d %d %d\n", summary.duration, summary.requests, summary.bytes,
      summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
   for _, p in ipairs({ 50, 90, 99, 99.9 }) do
      io.write(string.format("HC latency %g %d\n", p, latency:percentile(p)))
   end
   io.write(string.format("HC latency max %d\n", latency.max))
end

-- wrk script for `make load` (scripts/load). LOAD_MODE picks what is requested:
--   pages       every page, in turn
--   revalidate  every page with its ETag in If-None-Match (each answer should be a 304)
--   notfound    paths that do not exist, all different (each answer should be a 404)
-- LOAD_PATHS names a Lua file returning { {path = "/", etag = "\"…\""}, … }.
-- done() prints one line: LOAD mode=… requests=… statuses=200:n,… and the socket errors.

local mode = os.getenv("LOAD_MODE") or "pages"
local entries = dofile(os.getenv("LOAD_PATHS"))
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  n = 0
end

function request()
  n = n + 1
  if mode == "notfound" then
    local shapes = { "/introuvable-%d-%d/", "/actualites/absent-%d-%d/", "/qui-sommes-nous/x%d-%d" }
    return wrk.format("GET", string.format(shapes[n % #shapes + 1], id, n))
  end
  local e = entries[n % #entries + 1]
  if mode == "revalidate" then
    return wrk.format("GET", e.path, { ["If-None-Match"] = e.etag })
  end
  return wrk.format("GET", e.path)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, c in pairs(t:get("counts")) do
      total[status] = (total[status] or 0) + c
    end
  end
  local parts = {}
  for status, c in pairs(total) do
    table.insert(parts, status .. ":" .. c)
  end
  table.sort(parts)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "LOAD mode=%s requests=%d seconds=%.1f rps=%.0f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
      .. "connect=%d read=%d write=%d timeout=%d statuses=%s\n",
    mode, summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end

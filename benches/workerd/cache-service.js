// An in-memory cache service for workerd's `cacheApiOutbound` (the protocol miniflare's cache
// implements): PUT stores a serialized HTTP response under the request URL, GET answers it with
// `cf-cache-status: HIT` or a 504 MISS, PURGE deletes. No expiry: the probe only reads hits.
const store = new Map();

function parse(bytes) {
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      const [statusLine, ...lines] = new TextDecoder().decode(bytes.subarray(0, i)).split("\r\n");
      const headers = lines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]);
      return { status: Number(statusLine.split(" ")[1]), headers, body: bytes.slice(i + 4) };
    }
  }
  throw new Error("no end of headers in the cached response");
}

export default {
  async fetch(request) {
    const key = request.url;
    switch (request.method) {
      case "PUT":
        store.set(key, parse(new Uint8Array(await request.arrayBuffer())));
        return new Response(null, { status: 204 });
      case "GET": {
        const hit = store.get(key);
        if (!hit) return new Response(null, { status: 504, headers: { "cf-cache-status": "MISS" } });
        const headers = new Headers(hit.headers);
        headers.set("cf-cache-status", "HIT");
        return new Response(hit.body, { status: hit.status, headers });
      }
      case "PURGE":
        return new Response(null, { status: store.delete(key) ? 200 : 404 });
      default:
        return new Response(null, { status: 405 });
    }
  },
};

// Sustained contact-form load for `make load` (scripts/load), on loopback only.
//
//   node scripts/load-contact.mjs post PORT RUN SECONDS MAX CONCURRENCY OUT.json
//     posts for SECONDS (at most MAX posts) with CONCURRENCY connections and writes every
//     post's outcome to OUT.json. Nine posts in ten are valid: eight from a client address
//     used once (the rate limiter lets them through), one from one of four repeated
//     addresses (the limiter, 5 a minute per client, trips); the tenth has an invalid email.
//   node scripts/load-contact.mjs verify OUT.json D1.json
//     checks against what D1 holds: every accepted post (303) stored exactly once, nothing
//     else stored, every refusal a 429 or a 422, no socket error; prints the figures.

import http from "node:http";
import { readFileSync, writeFileSync } from "node:fs";

const [mode, ...args] = process.argv.slice(2);

const REPEATED = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"];

/** Which client and body post number `i` uses. */
function plan(run, i) {
  const marker = `${run}-${i}z`;
  const fields = {
    name: "Visiteur Charge",
    email: "charge@exemple.ma",
    subject: "information",
    message: `Message de charge ${marker}`,
    consent: "oui",
  };
  // An address for one post only: the header value, never a destination.
  const fresh = `198.18.${(i >> 8) & 255}.${i & 255}`;
  let kind = "fresh";
  let ip = i < 65536 ? fresh : `198.19.${(i >> 8) & 255}.${i & 255}`;
  if (i % 10 === 3) {
    kind = "invalid";
    fields.email = "pas-une-adresse";
  } else if (i % 10 === 7) {
    kind = "repeated";
    ip = REPEATED[Math.floor(i / 10) % REPEATED.length];
  }
  return { i, kind, ip, marker, body: new URLSearchParams(fields).toString() };
}

function post(agent, port, p) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/contact/",
        agent,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(p.body),
          "cf-connecting-ip": p.ip,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({ status: res.statusCode, ms: performance.now() - started }),
        );
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: e.message, ms: performance.now() - started }));
    req.end(p.body);
  });
}

async function load([port, run, seconds, max, concurrency, out]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
  const deadline = Date.now() + Number(seconds) * 1000;
  const results = [];
  let next = 0;
  const started = Date.now();
  async function client() {
    while (Date.now() < deadline && next < Number(max)) {
      const p = plan(run, next++);
      const r = await post(agent, Number(port), p);
      results.push({ i: p.i, kind: p.kind, ip: p.ip, marker: p.marker, ...r });
    }
  }
  await Promise.all(Array.from({ length: Number(concurrency) }, client));
  agent.destroy();
  writeFileSync(out, JSON.stringify({ seconds: (Date.now() - started) / 1000, results }));
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.round((sorted.length - 1) * p)] : 0;
}

function verify([out, d1]) {
  const { seconds, results } = JSON.parse(readFileSync(out, "utf8"));
  const rows = JSON.parse(readFileSync(d1, "utf8"))[0].results;
  const stored = new Map();
  for (const { message } of rows) {
    const marker = message.split(" ").pop();
    stored.set(marker, (stored.get(marker) || 0) + 1);
  }
  const problems = [];
  const byKind = {};
  const perRepeated = {};
  for (const r of results) {
    const k = (byKind[r.kind] ??= { posts: 0 });
    k.posts++;
    const key = r.error ? `error` : String(r.status);
    k[key] = (k[key] || 0) + 1;
    const n = stored.get(r.marker) || 0;
    if (r.error) problems.push(`post ${r.i}: socket error ${r.error}`);
    else if (r.status === 303) {
      if (n !== 1) problems.push(`post ${r.i} got 303 but is stored ${n} times`);
      if (r.kind === "repeated") perRepeated[r.ip] = (perRepeated[r.ip] || 0) + 1;
    } else if (r.status === 429 || r.status === 422) {
      if (n !== 0) problems.push(`post ${r.i} got ${r.status} but is stored`);
    } else problems.push(`post ${r.i} (${r.kind}) got ${r.status}`);
    if (r.kind === "invalid" && r.status !== 422) problems.push(`invalid post ${r.i}: ${r.status}`);
    if (r.kind === "fresh" && r.status !== 303) problems.push(`fresh client ${r.i}: ${r.status}`);
  }
  const markers = new Set(results.map((r) => r.marker));
  for (const m of stored.keys()) if (!markers.has(m)) problems.push(`stored but never posted: ${m}`);
  const accepted = results.filter((r) => r.status === 303).length;
  if (rows.length !== accepted) problems.push(`${rows.length} rows for ${accepted} accepted posts`);
  if (!(byKind.repeated?.["429"] > 0)) problems.push("the rate limiter never tripped");
  // 5 a minute per client: at most 5 per started minute of the run (plus one window edge).
  const cap = 5 * (Math.ceil(seconds / 60) + 1);
  for (const [ip, n] of Object.entries(perRepeated))
    if (n > cap) problems.push(`${ip}: ${n} accepted, over ${cap}`);

  const ms = results.filter((r) => !r.error).map((r) => r.ms).sort((a, b) => a - b);
  console.log(
    `contact load: ${results.length} posts in ${seconds.toFixed(1)} s ` +
      `(${(results.length / seconds).toFixed(0)}/s), p50 ${percentile(ms, 0.5).toFixed(1)} ms, ` +
      `p99 ${percentile(ms, 0.99).toFixed(1)} ms, max ${ms.at(-1)?.toFixed(1)} ms`,
  );
  for (const [kind, k] of Object.entries(byKind)) console.log(`  ${kind.padEnd(9)} ${JSON.stringify(k)}`);
  console.log(
    `  accepted ${accepted}, stored ${rows.length} (all found once), refused ` +
      `${results.length - accepted} (429: ${results.filter((r) => r.status === 429).length}, ` +
      `422: ${results.filter((r) => r.status === 422).length}); ` +
      `accepted per repeated client: ${JSON.stringify(perRepeated)}`,
  );
  if (problems.length) {
    console.error(`FAILED: ${problems.length} problem(s):\n  ${problems.slice(0, 20).join("\n  ")}`);
    process.exit(1);
  }
}

if (mode === "post") await load(args);
else if (mode === "verify") verify(args);
else {
  console.error("usage: contact.mjs post PORT RUN SECONDS MAX CONCURRENCY OUT | verify OUT D1");
  process.exit(2);
}

// Start-up, first request and memory of a Worker in a bare `workerd serve`, for
// scripts/growth-cost (reusable by any script that has a workerd config):
//
//   node benches/workerd/measure.mjs CONFIG PORT INSPECTOR_PORT RUNS PATHS_FILE
//
// CONFIG listens on 127.0.0.1:PORT. Prints one JSON object:
//   listeningMs  median of RUNS: workerd spawned -> its socket accepts a connection (the
//                Worker's modules are compiled and evaluated by then)
//   firstMs      median of RUNS: the first request of that fresh isolate, GET /, to its last byte
//   then one more process, with the V8 inspector on INSPECTOR_PORT, which serves GET / and then
//   every path of PATHS_FILE (one a line) once; measured after / and after them all, each time
//   after a garbage collection:
//   rssStartMiB, rssMiB          the workerd process's resident memory (one isolate)
//   isolateStartMiB, isolateMiB  the isolate: its wasm memory (WebAssembly.Memory objects, found
//                                with Runtime.queryObjects) plus its JS heap in use and
//                                ArrayBuffers (Runtime.getHeapUsage); wasmMiB, jsMiB: the parts
//   htmlMiB, pages               the bytes and number of the pages served
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';

const [config, port, inspectorPort, runs, pathsFile] = process.argv.slice(2);
const WORKERD = new URL('../../node_modules/.bin/workerd', import.meta.url).pathname;
const CF = '{"httpProtocol":"HTTP/1.1","colo":"CMN","country":"MA"}';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes) => Math.round((bytes / 1048576) * 10) / 10;

function canConnect() {
  return new Promise((resolve) => {
    const s = net.connect(Number(port), '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

async function start(extra = []) {
  const t0 = performance.now();
  const proc = spawn(WORKERD, ['serve', config, ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  while (performance.now() - t0 < 60000) {
    if (proc.exitCode !== null) throw new Error(`workerd exited: ${err.slice(-2000)}`);
    if (await canConnect()) return { proc, ms: performance.now() - t0 };
    await sleep(1);
  }
  throw new Error('workerd did not listen within 60 s');
}

async function stop(proc) {
  proc.kill('SIGTERM');
  if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: Number(port), path, agent,
      headers: { 'cf-blob': CF, 'accept-language': 'fr' } }, (res) => {
      let size = 0;
      res.on('data', (c) => { size += c.length; });
      res.on('end', () => resolve({ status: res.statusCode, size }));
    });
    req.on('error', reject);
  });
}

function rss(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** A CDP session with the isolate: send(method, params) -> result, and its execution context. */
async function inspector() {
  const list = await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json();
  const ws = new WebSocket(list[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  let id = 0;
  const pending = new Map();
  let context = null;
  ws.on('message', (data) => {
    const msg = JSON.parse(data);
    if (msg.method === 'Runtime.executionContextCreated') context = msg.params.context.id;
    if (pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  });
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    id += 1;
    pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
    ws.send(JSON.stringify({ id, method, params }));
  });
  await send('Runtime.enable');
  for (let i = 0; i < 100 && context === null; i += 1) await sleep(10);
  return { send, context: () => context, close: () => ws.close() };
}

/**
 * The isolate's memory: its wasm memories (found with Runtime.queryObjects, which collects
 * garbage first) and its JS heap in use with its ArrayBuffers; the process's RSS.
 */
async function settled(proc, cdp) {
  const proto = await cdp.send('Runtime.evaluate',
    { expression: 'WebAssembly.Memory.prototype', contextId: cdp.context() });
  const found = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const sizes = await cdp.send('Runtime.callFunctionOn', { objectId: found.objects.objectId,
    functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
    returnByValue: true });
  const wasm = sizes.result.value.reduce((a, b) => a + b, 0);
  const heap = await cdp.send('Runtime.getHeapUsage');
  return { rss: rss(proc.pid), wasm, js: heap.usedSize + (heap.backingStorageSize || 0) };
}

const listening = [];
const first = [];
for (let i = 0; i < Number(runs); i += 1) {
  const { proc, ms } = await start();
  try {
    const t = performance.now();
    const r = await get('/');
    first.push(performance.now() - t);
    listening.push(ms);
    if (r.status !== 200) throw new Error(`GET / answered ${r.status}`);
  } finally {
    agent.destroy();
    await stop(proc);
  }
}

const paths = readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean);
const { proc } = await start([`--inspector-addr=127.0.0.1:${inspectorPort}`]);
let out;
try {
  await get('/');
  const cdp = await inspector();
  const before = await settled(proc, cdp);
  let html = 0;
  for (const p of paths) {
    const r = await get(p);
    if (r.status !== 200) throw new Error(`GET ${p} answered ${r.status}`);
    html += r.size;
  }
  const after = await settled(proc, cdp);
  cdp.close();
  out = {
    listeningMs: Math.round(median(listening) * 10) / 10,
    firstMs: Math.round(median(first) * 10) / 10,
    rssStartMiB: mib(before.rss),
    rssMiB: mib(after.rss),
    isolateStartMiB: mib(before.wasm + before.js),
    isolateMiB: mib(after.wasm + after.js),
    wasmMiB: mib(after.wasm),
    jsMiB: mib(after.js),
    htmlMiB: mib(html),
    pages: paths.length,
  };
} finally {
  agent.destroy();
  await stop(proc);
}
console.log(JSON.stringify(out));

// The page's first dot of each journey against the packet's capture, on the lab (issue 16): opens the
// collector's page in headless Debian chromium, records, per journey id, when the page first drew its dot
// (window.__canvasFirstDots: performance.timeOrigin + performance.now(), the browser's wall clock), and after
// the run asks the collector's REST API for each journey's hops (capture timestamps, ts_ns, the kernel's wall
// clock on this same machine). Run by collector's PageLatencyIT inside the lab's node1 namespace, where the
// collector listens; the IT sends the traffic and computes the figures.
//   CANVAS_TOKEN=... node e2e/lab-first-dot.mjs URL READY_FILE STOP_FILE OUT_FILE
// Prints "ready" once the page is live (and READY_FILE exists), collects until STOP_FILE exists (at most
// 5 minutes), then writes OUT_FILE: [{id, dotMs, frameMs, firstCaptureNs, hops, complete}], one per journey drawn
// (frameMs: when the first stream frame with that journey reached the page).
import { existsSync, writeFileSync } from 'node:fs';
import { openBrowser } from './demo.mjs';

const [url, readyFile, stopFile, outFile] = process.argv.slice(2);
const token = process.env.CANVAS_TOKEN ?? ''; // from the environment: not in the process list
if (!outFile) {
  console.error('usage: CANVAS_TOKEN=... lab-first-dot.mjs URL READY_FILE STOP_FILE OUT_FILE');
  process.exit(2);
}
const base = url.endsWith('/') ? url : `${url}/`;
const MAX_RUN_MS = 5 * 60_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = await openBrowser();
let exitCode = 0;
try {
  const page = await browser.open('dark');
  // as a user does: the collector sends a browser without its session cookie to the login form
  await page.addInitScript((t) => sessionStorage.setItem('docker-canvas-token', t), token);
  // For the breakdown: when the first stream frame carrying each journey reached the page (same clock), read
  // by a listener added before the page's own.
  await page.addInitScript(() => {
    const frames = (window.__labFirstFrame = new Map());
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (m) => {
          const at = performance.timeOrigin + performance.now();
          try {
            const o = JSON.parse(m.data);
            if (o.type === 'journey' || o.type === 'journey_update') for (const j of o.journeys ?? []) if (!frames.has(j.id)) frames.set(j.id, at);
          } catch {
            // not JSON: the page reports it
          }
        });
      }
    };
  });
  await page.goto(base);
  if (await page.$('input[name="token"]')) {
    await page.fill('input[name="token"]', token);
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  }
  // live: the stream is open (the status bar says so) and the packet layer runs
  await page.waitForFunction(() => window.__canvasFirstDots !== undefined && document.body.textContent.includes('live'), null, { timeout: 60_000 });
  const clocks = await page.evaluate(() => ({ page: performance.timeOrigin + performance.now(), date: Date.now() }));
  console.log(`ready: page clock - Date.now() = ${(clocks.page - clocks.date).toFixed(1)} ms`);
  writeFileSync(readyFile, 'ready\n');

  const started = Date.now();
  while (!existsSync(stopFile) && Date.now() - started < MAX_RUN_MS) await sleep(250);
  const dots = await page.evaluate(() => [...(window.__canvasFirstDots ?? new Map()).entries()]);
  const frames = new Map(await page.evaluate(() => [...window.__labFirstFrame.entries()]));
  const stats = await page.evaluate(() => window.__canvasStats ?? null);
  console.log(`${dots.length} journeys drawn; frames: ${JSON.stringify(stats)}`);

  const out = [];
  for (const [id, dotMs] of dots) {
    const res = await fetch(`${base}api/v1/journeys/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) {
      console.log(`journey ${id}: HTTP ${res.status} (aged out of the store?)`);
      continue;
    }
    const j = await res.json();
    const stamps = (j.hops ?? []).map((h) => BigInt(h.observation?.ts_ns ?? '0')).filter((ns) => ns > 0n);
    if (stamps.length === 0) continue;
    const first = stamps.reduce((a, b) => (b < a ? b : a));
    // each hop as "node point +µs after the first capture", for the slowest journeys' report
    const path = (j.hops ?? []).map((h) => {
      const o = h.observation ?? {};
      return `${o.point?.node_id ?? '?'} ${o.point?.name ?? '?'} +${(Number(BigInt(o.ts_ns ?? '0') - first) / 1000).toFixed(0)}µs`;
    });
    const inner = j.hops?.[0]?.observation?.inner ?? {};
    const l4 = inner.tcp ? `tcp ${inner.tcp.src_port}>${inner.tcp.dst_port} flags ${inner.tcp.flags ?? 0} len ${inner.tcp.payload_length ?? 0}` : inner.udp ? `udp ${inner.udp.src_port}>${inner.udp.dst_port}` : inner.icmp ? `icmp type ${inner.icmp.type ?? 0}` : '?';
    const what = `${inner.ip?.src ?? '?'} > ${inner.ip?.dst ?? '?'} ${l4}`;
    out.push({ id, dotMs, frameMs: frames.get(id) ?? null, firstCaptureNs: first.toString(), hops: stamps.length, complete: j.complete === true, what, path });
  }
  writeFileSync(outFile, JSON.stringify(out));
  if (browser.errors.length) console.log(`page errors: ${browser.errors.join(' | ')}`);
  console.log(`wrote ${out.length} journeys to ${outFile}`);
} catch (e) {
  console.error(`lab-first-dot: ${e instanceof Error ? e.stack : e}`);
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);

// Serves the fixture build on loopback, opens it in headless Debian chromium (playwright-core, no browser
// download; playwright gives it a fresh profile) and saves screenshots at 1280x800 to target/screenshots/.
// With --fps it instead measures the frame rate with 200 journeys animating at once (requestAnimationFrame
// count, long tasks > 50 ms).
//   npm run fixtures:build && npm run screenshot [-- --fps | --check]
// --check drives the page (filters, selection, inspector, follow, replay, pan/zoom, login) and fails on a miss.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const PORT = Number(process.env.CANVAS_FIXTURE_PORT ?? 4173);
const BASE = `http://127.0.0.1:${PORT}/`;
const OUT = 'target/screenshots';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function waitForServer(url, ms = 20000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fixture server did not answer on ${url}`);
}

function expect(what, actual, ok) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(actual)}`);
  if (!ok) process.exitCode = 1;
}

/** The page's interactions on the fixture data: filters, selection, inspector, follow, replay, pan and zoom. */
async function checkInteractions(page) {
  await page.goto(BASE);
  await page.waitForSelector('tr[data-journey="1001"]');
  const count = () => page.textContent('[data-testid="flow-count"]');
  await page.fill('input[aria-label="filter by port"]', '3306');
  expect('port 3306 narrows the table', await count(), /^1 of \d+ journeys$/.test(await count()));
  await page.fill('input[aria-label="filter by port"]', '');
  await page.selectOption('select[aria-label="filter by service"]', 'db');
  const dbRows = await page.$$eval('tbody tr[data-journey]', (rows) => rows.length);
  expect('service db narrows the table', dbRows, dbRows >= 3 && !(await page.$('tr[data-journey="1001"]')));
  await page.selectOption('select[aria-label="filter by service"]', '');
  await page.fill('input[aria-label="free text filter"]', 'dnat web');
  expect('free text "dnat web"', await count(), /^\d+ of \d+ journeys$/.test(await count()));
  await page.fill('input[aria-label="free text filter"]', '');
  await page.click('tr[data-journey="1001"] td:first-child');
  const badges = await page.$$eval('.inspector .hop-head .badge', (b) => b.map((x) => x.textContent));
  expect('inspector shows the rewrites', badges, ['DNAT', 'SNAT', 'ENCAP 4096', 'DECAP 4096'].every((k) => badges.includes(k)));
  const hops = await page.$$eval('.inspector .hops > li', (l) => l.length);
  expect('inspector lists every hop', hops, hops === 11);
  const marks = await page.$$eval('.highlight circle', (c) => c.length);
  expect('selected path highlighted on the canvas', marks, marks === 11);
  await page.click('text=Follow this flow');
  await page.waitForTimeout(400);
  const before = await page.$eval('.stage', (e) => e.style.transform);
  await page.waitForTimeout(800);
  const after = await page.$eval('.stage', (e) => e.style.transform);
  expect('follow moves the camera with the dot', [before, after], before !== after);
  await page.click('button[aria-pressed="true"]:has-text("Following")');
  await page.click('button[aria-label="close inspector"]');
  await page.click('text=Clear');
  await page.click('text=❚❚ Pause');
  await page.click('text=▶ Resume');
  await page.click('text=↻ Replay last');
  await page.waitForTimeout(1500);
  const dots = await page.evaluate(() => window.__canvasStats?.dots ?? 0);
  expect('replay animates journeys', dots, dots > 0);
  const t0 = await page.$eval('.stage', (e) => e.style.transform);
  await page.mouse.move(300, 700);
  await page.mouse.down();
  await page.mouse.move(360, 640, { steps: 4 });
  await page.mouse.up();
  await page.mouse.wheel(0, -300);
  const t1 = await page.$eval('.stage', (e) => e.style.transform);
  expect('drag pans and wheel zooms', [t0, t1], t0 !== t1 && /scale\(/.test(t1));
  await page.click('button[aria-label="fit to window"]');
  await page.goto(`${BASE}?state=unauthorized`);
  await page.fill('input[aria-label="token"]', 'wrong');
  await page.click('button:has-text("Log in")');
  const refusal = await page.textContent('.login .error');
  expect('a wrong token is refused', refusal, /refused/.test(refusal ?? ''));
  await page.fill('input[aria-label="token"]', 'lab-token');
  await page.click('button:has-text("Log in")');
  await page.waitForSelector('tr[data-journey="1001"]');
  expect('the right token opens the page', 'ok', true);
}

const server = spawn('npx', ['vite', 'preview', '--mode', 'fixtures', '--outDir', 'target/fixtures-site', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  detached: true,
});
let browser;
try {
  await waitForServer(BASE);
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  // A fresh context per page: empty storage, so the theme follows the colour scheme asked for.
  const open = async (colorScheme = 'dark') => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    return page;
  };

  if (process.argv.includes('--fps')) {
    const page = await open();
    await page.goto(`${BASE}${process.env.CANVAS_FPS_QUERY ?? "?load=200"}`);
    await page.waitForSelector('.box');
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
    });
    await page.waitForTimeout(3000);
    const result = await page.evaluate(
      () =>
        new Promise((resolve) => {
          let frames = 0;
          let dotsMax = 0;
          const drawMs = [];
          const start = performance.now();
          const count = () => {
            frames++;
            dotsMax = Math.max(dotsMax, window.__canvasStats?.dots ?? 0);
            if (window.__canvasStats && drawMs[drawMs.length - 1] !== window.__canvasStats.drawMs) drawMs.push(window.__canvasStats.drawMs);
            if (performance.now() - start < 10000) requestAnimationFrame(count);
            else resolve({ seconds: (performance.now() - start) / 1000, frames, fps: frames / ((performance.now() - start) / 1000), dotsMax, drawMsPerSecond: drawMs, longTasks: window.__longTasks });
          };
          requestAnimationFrame(count);
        }),
    );
    console.log(JSON.stringify(result));
  } else if (process.argv.includes('--check')) {
    await checkInteractions(await open());
  } else {
    const shots = [
      { name: 'canvas-dark', url: `${BASE}`, theme: 'dark', wait: 1600, select: '1001' },
      { name: 'canvas-light', url: `${BASE}`, theme: 'light', wait: 2300, select: '1003' },
      { name: 'canvas-10-nodes', url: `${BASE}?nodes=10&containers=5`, theme: 'dark', wait: 500 },
      { name: 'state-empty', url: `${BASE}?state=empty`, theme: 'dark', wait: 300 },
      { name: 'state-disconnected', url: `${BASE}?state=disconnected`, theme: 'dark', wait: 300 },
      { name: 'state-unauthorized', url: `${BASE}?state=unauthorized`, theme: 'light', wait: 300 },
    ];
    for (const s of shots) {
      const page = await open(s.theme);
      await page.goto(s.url);
      await page.waitForSelector('.app');
      if (s.select) await page.click(`tr[data-journey="${s.select}"] td:first-child`);
      await page.waitForTimeout(s.wait);
      await page.screenshot({ path: `${OUT}/${s.name}.png` });
      console.log(`${OUT}/${s.name}.png`);
      await page.context().close();
    }
  }
  if (errors.length) {
    console.error(`console errors:\n${errors.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  await browser?.close();
  process.kill(-server.pid, 'SIGTERM');
}

// Serves the fixture build on loopback, opens it in headless Debian chromium (playwright-core, no browser
// download; playwright gives it a fresh profile) and saves screenshots at 1280x800 to target/screenshots/. With --fps it instead measures the
// frame rate with 200 journeys animating at once (requestAnimationFrame count, long tasks > 50 ms).
//   npm run fixtures:build && npm run screenshot [-- --fps]
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
    await page.goto(`${BASE}?load=200`);
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

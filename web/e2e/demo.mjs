// The real collector's `demo` on a free loopback port, and headless Debian chromium, for the e2e scripts.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

export const COLLECTOR_JAR = process.env.CANVAS_COLLECTOR_JAR ?? '../collector/target/docker-canvas-collector.jar';
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const DEMO_START_MS = 60000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `java -jar <collector> demo` and resolves once it prints its URL; stop() ends it by PID. */
export async function startDemo() {
  if (!existsSync(COLLECTOR_JAR)) throw new Error(`${COLLECTOR_JAR} is missing: build the collector first (./mvnw -B -pl web,collector install -DskipTests)`);
  const port = await freePort();
  const logFile = 'target/e2e/collector-demo.log';
  const log = createWriteStream(logFile);
  const child = spawn('java', ['-jar', COLLECTOR_JAR, 'demo', '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGTERM');
  };
  // A test that dies any other way still takes the collector with it.
  process.once('exit', stop);
  child.stderr.pipe(log);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector demo printed no URL within ${DEMO_START_MS / 1000} s (see ${logFile})`)), DEMO_START_MS);
    let out = '';
    child.stdout.on('data', (chunk) => {
      log.write(chunk);
      out += chunk;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector demo exited with ${code} before printing its URL (see ${logFile})`));
    });
  }).catch((e) => {
    stop();
    throw e;
  });
  return { url, pid: child.pid, logFile, stop };
}

/**
 * Headless chromium with the flags the shared notes give; playwright gives it a fresh temporary profile
 * (its own --user-data-dir). open() makes a fresh 1280x800 context; every console error, uncaught
 * exception, failed request, HTTP error and page warning is collected in `errors`; closePages() closes
 * every page opened so far.
 */
export async function openBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors = [];
  const contexts = [];
  const open = async (colorScheme = 'dark') => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || (m.type() === 'warning' && m.text().startsWith('docker-canvas'))) errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
    page.on('requestfailed', (r) => {
      const why = r.failure()?.errorText ?? '';
      if (!why.includes('ERR_ABORTED')) errors.push(`request failed: ${r.url()} ${why}`);
    });
    return page;
  };
  // Each open page animates and streams: pages a check is done with are closed, or they pile up and
  // starve the next check of CPU on a two-core machine (an inspector then took over 5 s to open in CI).
  const closePages = async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  };
  return { open, errors, closePages, close: () => browser.close() };
}

// End-to-end check of the page against the REAL collector: starts `demo` from the collector jar (the lab
// recording replayed on loopback), opens the page in headless Debian chromium and checks what issue 5 accepts:
// the drawing matches /api/v1/topology, a journey moves across >= 3 hops, the inspector shows the rewrites
// (ENCAP/DECAP, DNAT for the published port), filters narrow the table, the page is alive within 2 s and logs
// no console error; then (issue 12) switches the demo to its "a node drops VXLAN" scene in the page and checks
// a STOPPED journey: listed, its red break drawn towards expected_next, the reason in the inspector, the
// problems count. Saves screenshots (1280x800, dark and light) to target/e2e/.
//   npm run e2e            (needs ../collector/target/docker-canvas-collector.jar and /usr/bin/chromium)
//   npm run e2e -- --fps   (frame rate with 200 journeys moving at once on the demo instead of the checks)
import { existsSync, mkdirSync } from 'node:fs';
import { CHROMIUM, openBrowser, startDemo } from './demo.mjs';
import { treeCpuMs } from './cpu.mjs';

const OUT = 'target/e2e';
const ALIVE_WITHIN_MS = 2000;
const PUBLISHED_CLIENT = '198.51.100.100';
const PUBLISHED_PORT = '8001';
const NODE1_ADDRESS = '198.51.100.11';

let failures = 0;
function expect(what, actual, ok) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(actual)}`);
  if (!ok) failures++;
}

/** What the drawing must show, read from the collector (nothing hard-coded but the lab's published port). */
function expectedDrawing(topology) {
  return topology.nodes.map((n) => ({
    node: n.node.id,
    sbox: n.namespaces.some((ns) => ns.kind === 'NAMESPACE_KIND_INGRESS_SBOX'),
    overlays: n.namespaces
      .filter((ns) => ns.kind === 'NAMESPACE_KIND_OVERLAY')
      .map((ns) => ({ network: ns.network_id, vni: ns.interfaces.find((i) => i.name === 'vxlan0')?.vxlan?.vni })),
    // the page titles a swarm task's container <service>.<slot>, without the task id
    containers: (n.containers ?? []).map((c) => c.name.replace(/^(.+\.\d+)\.[a-z0-9]{20,}$/, '$1')),
  }));
}

async function checkDrawing(page, topology) {
  const boxText = (id) => page.$eval(`[data-box="${id}"]`, (b) => b.textContent).catch(() => null);
  for (const n of expectedDrawing(topology)) {
    expect(`${n.node}: docker_gwbridge drawn`, await boxText(`${n.node}/gw`), /docker_gwbridge/.test((await boxText(`${n.node}/gw`)) ?? ''));
    const sbox = await boxText(`${n.node}/sbox`);
    expect(`${n.node}: ingress_sbox ${n.sbox ? 'drawn' : 'absent'}`, sbox, n.sbox ? /ingress_sbox/.test(sbox ?? '') : sbox === null);
    for (const o of n.overlays) {
      const text = (await boxText(`${n.node}/ovl/${o.network}`)) ?? '';
      const ok = /br0/.test(text) && /vxlan0/.test(text) && o.vni !== undefined && text.includes(`VNI ${o.vni}`);
      expect(`${n.node}: overlay namespace of ${o.network.slice(0, 12)} with br0, vxlan0, VNI ${o.vni}`, text, ok);
    }
    const drawn = await page.$$eval(`[data-box^="${n.node}/ctr/"] .box-title`, (t) => t.map((x) => x.textContent));
    expect(`${n.node}: containers ${n.containers.join(', ')}`, drawn, n.containers.every((c) => drawn.includes(c)) && drawn.length === n.containers.length);
  }
}

/** Clicks the newest row the filters leave (that has `having`, if given) and returns the inspector's rewrite badges. */
async function inspectFirstRow(page, having = '') {
  // Rows keep arriving while the test clicks: pick one row by id and retry if it moved under the pointer.
  for (let attempt = 1; ; attempt++) {
    const row = `tbody tr[data-journey]${having}`;
    await page.waitForSelector(row, { timeout: 30000 });
    const id = await page.$eval(row, (r) => r.getAttribute('data-journey'));
    // A second click on the selected row would close the inspector again.
    if (!(await page.$(`tbody tr.selected[data-journey="${id}"]`))) await page.click(`tbody tr[data-journey="${id}"] td:first-child`);
    const opened = await page.waitForSelector(`.inspector .hops > li`, { timeout: 10000 }).catch(() => null);
    if (opened) return page.$$eval('.inspector .hop-head .badge', (b) => b.map((x) => x.textContent));
    if (attempt === 3) {
      const state = { id, selected: await page.$$eval('tbody tr.selected', (r) => r.map((x) => x.getAttribute('data-journey'))), inspector: !!(await page.$('.inspector')), rows: await rowsShown(page) };
      throw new Error(`the inspector did not open after clicking a row${having} 3 times: ${JSON.stringify(state)}`);
    }
  }
}

const rowsShown = (page) => page.$$eval('tbody tr[data-journey]', (r) => r.length);
const counted = async (page) => {
  // "N journeys" without filters, "N of M journeys" with.
  const m = /^(\d+)(?: of (\d+))? journeys/.exec((await page.textContent('[data-testid="flow-count"]')) ?? '');
  return m ? { shown: Number(m[1]), total: Number(m[2] ?? m[1]) } : null;
};

async function checks(demo, browser) {
  const topology = await (await fetch(`${demo.url}api/v1/topology`)).json();
  const vnis = [...new Set(expectedDrawing(topology).flatMap((n) => n.overlays.map((o) => o.vni)))];
  const page = await browser.open('dark');

  // Loads 1 warms the browser up (a user's browser is already running); the best of loads 2 and 3 counts.
  // The machine is shared: the load average is printed with the figures.
  const loads = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(demo.url);
    await page.waitForFunction(() => window.__canvasFirstDotMs !== undefined, null, { timeout: 15000 });
    loads.push(await page.evaluate(() => Math.round(window.__canvasFirstDotMs)));
  }
  const best = Math.min(...loads.slice(1));
  const boxes = await page.$$eval('[data-box]', (b) => b.length);
  const { loadavg } = await import('node:os');
  expect(`first journey drawn within ${ALIVE_WITHIN_MS} ms of loading (ms since navigation; load average ${loadavg()[0].toFixed(1)})`, { loads, best, boxes }, best <= ALIVE_WITHIN_MS && boxes > 0);

  await checkDrawing(page, topology);

  await page.waitForFunction(() => (window.__canvasScene?.mostHopsByOneRun ?? 0) >= 3, null, { timeout: 15000 }).catch(() => undefined);
  const moved = await page.evaluate(() => ({ mostHopsByOneRun: window.__canvasScene?.mostHopsByOneRun, hopsPassed: window.__canvasScene?.hopsPassed }));
  expect('a journey animates across at least 3 hops', moved, moved.mostHopsByOneRun >= 3);

  // Filters: the overlay's VXLAN journeys, then the published port from the outside client.
  await page.waitForSelector('tbody tr[data-journey]');
  const before = await counted(page);
  await page.fill('input[aria-label="free text filter"]', 'ENCAP');
  const encapRows = await counted(page);
  expect('free text "ENCAP" narrows the table', [before, encapRows], encapRows && before && encapRows.shown > 0 && encapRows.shown < before.total);
  const vxlanBadges = await inspectFirstRow(page);
  const vniShown = vnis.filter((v) => vxlanBadges.includes(`ENCAP ${v}`) && vxlanBadges.includes(`DECAP ${v}`));
  expect(`inspector of a VXLAN journey shows ENCAP/DECAP with the VNI (${vnis.join(', ')})`, vxlanBadges, vniShown.length > 0);
  await page.click('button[aria-label="close inspector"]');
  await page.fill('input[aria-label="free text filter"]', '');

  await page.fill('input[aria-label="filter by IP"]', PUBLISHED_CLIENT);
  await page.fill('input[aria-label="filter by port"]', PUBLISHED_PORT);
  // The demo loops its recording: the published-port request comes round within one loop.
  await page.waitForSelector('tbody tr[data-journey]', { timeout: 30000 }).catch(() => undefined);
  const meshRows = await counted(page);
  const ends = await page.$$eval('tbody tr[data-journey]', (rows) => rows.map((r) => `${r.cells[2].textContent} > ${r.cells[3].textContent}`));
  expect(
    `IP ${PUBLISHED_CLIENT} + port ${PUBLISHED_PORT} narrows the table to that client's requests and replies`,
    { meshRows, ends: ends.slice(0, 4) },
    meshRows && meshRows.shown > 0 && meshRows.shown < meshRows.total && ends.every((e) => e.includes(PUBLISHED_CLIENT)),
  );
  // The request (client -> published port) is the journey rewritten by DNAT.
  const request = ':has(.badge-dnat)';
  const meshBadges = meshRows?.shown ? await inspectFirstRow(page, request) : [];
  expect('inspector of the published-port journey shows DNAT', meshBadges, meshBadges.includes('DNAT'));
  const meshHops = await page.$$eval('.inspector .hops > li', (l) => l.length).catch(() => 0);
  const marks = await page.$$eval('.highlight circle', (c) => c.length);
  expect('its path is highlighted on the canvas', { meshHops, marks }, meshHops >= 3 && marks === meshHops);
  await page.waitForTimeout(700);
  await page.screenshot({ path: `${OUT}/demo-routing-mesh-journey-dark.png` });

  // The same journey in the light theme, and an overview of the VXLAN traffic.
  const light = await browser.open('light');
  await light.goto(demo.url);
  await light.waitForSelector('tbody tr[data-journey]');
  await light.fill('input[aria-label="filter by IP"]', PUBLISHED_CLIENT);
  await light.fill('input[aria-label="filter by port"]', PUBLISHED_PORT);
  await light.waitForSelector(`tbody tr[data-journey]${request}`, { timeout: 30000 });
  await inspectFirstRow(light, request);
  await light.waitForTimeout(700);
  await light.screenshot({ path: `${OUT}/demo-routing-mesh-journey-light.png` });
  await light.fill('input[aria-label="filter by IP"]', '');
  await light.fill('input[aria-label="filter by port"]', '');
  await light.click('button[aria-label="close inspector"]');
  await light.fill('input[aria-label="free text filter"]', '3306');
  await inspectFirstRow(light);
  await light.waitForTimeout(900);
  await light.screenshot({ path: `${OUT}/demo-overlay-journey-light.png` });

  await page.click('button[aria-label="close inspector"]');
  await page.fill('input[aria-label="filter by IP"]', '');
  await page.fill('input[aria-label="filter by port"]', '');
  await page.fill('input[aria-label="free text filter"]', '3306');
  await inspectFirstRow(page);
  await page.waitForTimeout(900);
  await page.screenshot({ path: `${OUT}/demo-overlay-journey-dark.png` });
  console.log(`screenshots in ${OUT}/`);
}

const SCENE_SWITCH_MS = 60000;

/** Issue 12: the page's scene selector, a stopped journey's break and reason, the problems filter and count. */
async function checkStoppedJourney(demo, browser) {
  const page = await browser.open('dark');
  await page.goto(demo.url);
  const selector = await page.waitForSelector('select[aria-label="demo scene"]', { timeout: 15000 }).catch(() => null);
  const offered = selector ? await page.$$eval('select[aria-label="demo scene"] option', (o) => o.map((x) => x.value)) : [];
  expect('the demo offers its scenes in the page', offered, offered.includes('swarm') && offered.includes('vxlan-drop'));
  if (!selector) return;
  await page.waitForSelector('tbody tr[data-journey]');
  const stoppedBefore = await page.$$eval('tbody tr[data-verdict="STOPPED"]', (r) => r.length);
  expect('the swarm scene lists no STOPPED journey', stoppedBefore, stoppedBefore === 0);

  const switched = page.waitForResponse((r) => r.url().includes('api/v1/demo/scene?'), { timeout: 10000 }).catch(() => null);
  await page.selectOption('select[aria-label="demo scene"]', 'vxlan-drop');
  await switched;
  const current = await (await fetch(`${demo.url}api/v1/demo/scenes`)).json();
  expect('choosing "a node drops VXLAN" in the page switches the demo', current.current, current.current === 'vxlan-drop');
  const row = 'tbody tr[data-verdict="STOPPED"]';
  const listed = await page.waitForSelector(row, { timeout: SCENE_SWITCH_MS }).catch(() => null);
  expect('a STOPPED journey is listed once the scene plays', await page.$$eval(row, (r) => r.length), listed !== null);
  if (!listed) return;
  // The problems filter leaves problems only, the stopped journey among them.
  await page.check('input[aria-label="problems only"]');
  const flagged = await page.$$eval('tbody tr[data-journey]', (r) => r.map((x) => x.getAttribute('data-problem')));
  expect('the problems filter shows problems only', flagged.length, flagged.length > 0 && flagged.every((p) => p === 'true'));

  await inspectFirstRow(page, '[data-verdict="STOPPED"]');
  const id = await page.$eval('tbody tr.selected', (r) => r.getAttribute('data-journey'));
  const wire = await (await fetch(`${demo.url}api/v1/journeys/${id}`)).json();
  // one journey in the proto's JSON mapping (proto field names)
  const verdict = wire.verdict ?? {};
  const expectedNext = verdict.expected_next ?? '';
  const drawn = await page.$eval('[data-testid="stop-break"]', (b) => ({ expectedNext: b.getAttribute('data-expected-next'), paths: b.querySelectorAll('path').length })).catch(() => null);
  expect(`journey ${id}: the red break is drawn towards expected_next ${expectedNext}`, drawn, !!expectedNext && drawn?.expectedNext === expectedNext && drawn.paths > 0);
  const reason = await page.textContent('[data-testid="verdict-reason"]').catch(() => null);
  expect(`journey ${id}: the inspector gives the reason`, reason, !!reason && reason === verdict.reason);
  const missed = await page.textContent('[data-testid="hop-missed"]').catch(() => '');
  expect(`journey ${id}: the hop list ends with the point never reached`, missed, missed.includes(expectedNext.split(':')[0]) && missed.includes(expectedNext.split(':').slice(1).join(':')));
  const problems = await page.$eval('[data-testid="problem-count"]', (b) => Number(b.getAttribute('data-count'))).catch(() => 0);
  expect('the status bar counts the problems', problems, problems > 0);
  await page.waitForTimeout(700);
  await page.screenshot({ path: `${OUT}/demo-vxlan-drop-stopped-dark.png` });
}

/** Issue 13: the routing-mesh scene (recorded in the VM lab, IPVS): the inspector names the task IPVS chose. */
async function checkRoutingMesh(demo, browser) {
  const page = await browser.open('dark');
  await page.goto(demo.url);
  const selector = await page.waitForSelector('select[aria-label="demo scene"]', { timeout: 15000 }).catch(() => null);
  if (!selector) return; // checkStoppedJourney already failed on the missing selector
  const switched = page.waitForResponse((r) => r.url().includes('api/v1/demo/scene?'), { timeout: 10000 }).catch(() => null);
  await page.selectOption('select[aria-label="demo scene"]', 'routing-mesh');
  await switched;
  const current = await (await fetch(`${demo.url}api/v1/demo/scenes`)).json();
  expect('choosing "the routing mesh" in the page switches the demo', current.current, current.current === 'routing-mesh');
  // The scene plays from the recording's next pass; only it sends the outside client to node1 (no web task
  // there): a request whose first hop is addressed to node1:8001 is the routing mesh's. The collector names it.
  let id = null;
  for (let waited = 0; id === null && waited < SCENE_SWITCH_MS * 2; waited += 2000) {
    const wire = await (await fetch(`${demo.url}api/v1/journeys?ip=${NODE1_ADDRESS}&port=${PUBLISHED_PORT}&limit=200`)).json();
    const mesh = wire.journeys.find((j) => j.hops[0]?.observation?.inner?.ip?.dst === NODE1_ADDRESS && j.hops.some((h) => h.load_balancing));
    id = mesh ? mesh.id : null;
    if (id === null) await page.waitForTimeout(2000);
  }
  expect('the routing-mesh scene plays requests to node1\'s published port, the IPVS choice named by the collector', id, id !== null);
  if (id === null) return;
  // Opened by its link (the table may have moved on): the inspector shows it.
  await page.goto(`${demo.url}?journey=${id}`);
  await page.waitForSelector('.inspector .hops > li', { timeout: 30000 }).catch(() => undefined);
  const choices = await page.$$eval('[data-testid="hop-lb"]', (l) => l.map((x) => x.textContent));
  expect(
    'the inspector names the IPVS choice in ingress_sbox: the task and its node',
    choices,
    choices.length > 0 && choices.every((c) => /IPVS/.test(c) && /task web\.\d+ on node\d/.test(c) && /ingress_sbox/.test(c)),
  );
  await page.waitForTimeout(700);
  await page.screenshot({ path: `${OUT}/demo-ipvs-journey-dark.png` });
}

/** A journey's traffic class from the REST (the proto's enum name, TRAFFIC_CLASS_CONTROL -> 'control'). */
const trafficClass = (j) => String(j.traffic_class ?? 'unknown').replace(/^TRAFFIC_CLASS_/, '').toLowerCase().replace(/_/g, '-');

/** Issue 14: control-plane chatter hidden by default behind a visible toggle with its count. */
async function checkControlPlane(demo, browser) {
  const page = await browser.open('dark');
  await page.goto(demo.url);
  await page.waitForSelector('tbody tr[data-journey]', { timeout: 30000 });
  await page.waitForTimeout(1500); // the backlog and a few stream frames
  const toggle = await page.$('input[aria-label="show control-plane traffic"]');
  const count = Number((await page.textContent('[data-testid="control-count"]').catch(() => 'NaN')) ?? 'NaN');
  expect('the control-plane toggle is shown with its count, off by default', { shown: !!toggle, count }, !!toggle && !(await toggle.isChecked()) && Number.isInteger(count));
  const listedClasses = await page.$$eval('tbody tr[data-journey]', (r) => r.map((x) => x.getAttribute('data-class')));
  expect('with the toggle off no control-plane journey is listed', listedClasses.filter((c) => c === 'control').length, !listedClasses.includes('control'));
  const wire = await (await fetch(`${demo.url}api/v1/journeys?limit=500`)).json();
  const control = wire.journeys.filter((j) => trafficClass(j) === 'control').length;
  if (control === 0) {
    // Nothing to hide until the collector classifies journeys (its REST has no traffic_class yet).
    expect('the collector classifies no journey as control: nothing hidden', { count, rest: control }, count === 0);
    return;
  }
  expect('the toggle counts the control-plane journeys', { page: count, rest: control }, count > 0);
  await toggle.check();
  await page.waitForSelector('tbody tr[data-class="control"]', { timeout: 5000 }).catch(() => undefined);
  const shown = await page.$$eval('tbody tr[data-class="control"]', (r) => r.length);
  expect('ticking the toggle lists the control-plane journeys (gossip, raft)', shown, shown > 0);
}

/** Issue 14: filters, time window and selected journey in the URL; a box click filters; export; collector query. */
async function checkLinkedView(demo, browser) {
  const page = await browser.open('dark');
  await page.goto(demo.url);
  await page.waitForSelector('tbody tr[data-journey]', { timeout: 30000 });
  await page.selectOption('select[aria-label="filter by proto"]', 'TCP');
  await page.check('input[aria-label="problems only"]');
  await page.fill('input[aria-label="since time"]', '30m');
  await inspectFirstRow(page);
  const id = await page.$eval('tbody tr.selected', (r) => r.getAttribute('data-journey'));
  const link = page.url();
  const params = new URL(link).searchParams;
  expect('the URL holds the filters, time window and selected journey', link, params.get('proto') === 'TCP' && params.get('problems') === '1' && params.get('since') === '30m' && params.get('journey') === id);

  // The link opened in a fresh browser context: the same view.
  const other = await browser.open('dark');
  await other.goto(link);
  await other.waitForSelector('.inspector .hops > li', { timeout: 30000 }).catch(() => undefined);
  const view = {
    proto: await other.$eval('select[aria-label="filter by proto"]', (s) => s.value),
    problems: await other.isChecked('input[aria-label="problems only"]'),
    since: await other.inputValue('input[aria-label="since time"]'),
    inspected: ((await other.textContent('.inspector h2').catch(() => '')) ?? '').match(/Journey (\S+)/)?.[1] ?? null,
    selectedRow: await other.$eval('tbody tr.selected', (r) => r.getAttribute('data-journey')).catch(() => null),
  };
  expect(`the copied link opens the same filters and journey ${id}`, view, view.proto === 'TCP' && view.problems && view.since === '30m' && view.inspected === id && view.selectedRow === id);
  const rowsOk = await other.$$eval('tbody tr[data-journey]', (r) => r.length > 0 && r.every((x) => x.getAttribute('data-problem') === 'true' && x.cells[1].textContent === 'TCP'));
  expect('its table lists only what the filters let through', rowsOk, rowsOk);

  // Export the listed journeys as CSV.
  const [download] = await Promise.all([other.waitForEvent('download', { timeout: 10000 }), other.click('.table-actions button:has-text("CSV")')]);
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  const csvRows = csv.slice(1).map((l) => l.split(','));
  expect('CSV export: a header and the listed journeys (TCP problems)', { file: download.suggestedFilename(), rows: csvRows.length }, csv[0].startsWith('id,time,class,verdict') && csvRows.length > 0 && csvRows.every((r) => r[5] === 'true' && r[9] === 'TCP'));

  // More than the page keeps: the same filters as a collector query.
  const asked = other.waitForRequest((r) => r.url().includes('api/v1/journeys?'), { timeout: 10000 });
  await other.click('button[aria-label="load more from the collector"]');
  const query = new URL((await asked).url()).searchParams;
  await other.waitForFunction(() => /journeys from the collector/.test(document.querySelector('[data-testid="collector-result"]')?.textContent ?? ''), null, { timeout: 15000 }).catch(() => undefined);
  const answer = await other.textContent('[data-testid="collector-result"]').catch(() => null);
  expect('"more from collector" asks GET /api/v1/journeys with the filters and lists the answer', { query: Object.fromEntries(query), answer }, query.get('proto') === 'tcp' && query.get('verdict') === 'PROBLEM' && !!query.get('since') && /^\d+ journeys from the collector/.test(answer ?? ''));
  await other.click('[data-testid="collector-result"] button');

  // A click on a box of the drawing filters by it.
  await other.click('[data-box="node3/nic"]');
  const node = await other.$eval('select[aria-label="filter by node"]', (s) => s.value);
  expect("clicking node3's NIC box filters by node3 (and the URL says so)", { node, url: other.url() }, node === 'node3' && new URL(other.url()).searchParams.get('node') === 'node3');
  await other.screenshot({ path: `${OUT}/demo-linked-view-dark.png` });

  // A link filtering by a protocol no listed journey has: the select still shows it (not "all").
  const empty = await browser.open('dark');
  await empty.goto(`${demo.url}?proto=SCTP`);
  await empty.waitForSelector('[data-testid="flow-count"]', { timeout: 30000 });
  await empty.waitForTimeout(1500); // the backlog and a few stream frames
  const sctp = { proto: await empty.$eval('select[aria-label="filter by proto"]', (s) => s.value), rows: await rowsShown(empty) };
  expect('a link filtering by a protocol nobody sent shows that filter and no row', sctp, sctp.proto === 'SCTP' && sctp.rows === 0);
}

/** Frame rate with `count` journeys moving at once (the page's ?load=N keeps them topped up). */
async function measureFps(demo, browser, count = 200, seconds = 10) {
  const page = await browser.open('dark');
  await page.goto(`${demo.url}?load=${count}`);
  await page.waitForFunction((n) => (window.__canvasScene?.runs.length ?? 0) >= n, count, { timeout: 20000 });
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push(Math.round(e.duration)))).observe({ type: 'longtask' });
  });
  await page.waitForTimeout(2000);
  // The browser's processes are this script's descendants; the collector's are counted apart.
  const browserCpu0 = treeCpuMs(process.pid) - treeCpuMs(demo.pid);
  const result = await page.evaluate(
    ({ seconds }) =>
      new Promise((resolve) => {
        let frames = 0;
        let dotsMin = Infinity;
        let dotsMax = 0;
        let worstGap = 0;
        const start = performance.now();
        let last = start;
        const count = (now) => {
          frames++;
          worstGap = Math.max(worstGap, now - last);
          last = now;
          const moving = window.__canvasScene.runs.length;
          dotsMin = Math.min(dotsMin, moving);
          dotsMax = Math.max(dotsMax, moving);
          if (now - start < seconds * 1000) requestAnimationFrame(count);
          else {
            const elapsed = (now - start) / 1000;
            resolve({ seconds: +elapsed.toFixed(1), frames, fps: +(frames / elapsed).toFixed(1), worstFrameGapMs: Math.round(worstGap), journeysMoving: [dotsMin, dotsMax], layerMsPerFrame: window.__canvasStats?.drawMs, longTasksOver50ms: window.__longTasks });
          }
        };
        requestAnimationFrame(count);
      }),
    { seconds },
  );
  const browserCpuMs = treeCpuMs(process.pid) - treeCpuMs(demo.pid) - browserCpu0;
  const browserCpuMsPerFrame = +(browserCpuMs / result.frames).toFixed(1);
  const { loadavg } = await import('node:os');
  console.log(JSON.stringify({ ...result, browserCpuMsPerFrame, loadAverage: loadavg().map((l) => +l.toFixed(2)) }));
}

if (!existsSync(CHROMIUM)) {
  // A developer machine without the browser; CI installs it (.ci/run), so there the e2e always runs.
  console.log(`e2e SKIPPED: ${CHROMIUM} is missing (apt-get install chromium, or set CHROMIUM=/path/to/chromium)`);
  process.exit(0);
}
mkdirSync(OUT, { recursive: true });
let demo;
let browser;
try {
  demo = await startDemo();
  console.log(`collector demo on ${demo.url} (pid ${demo.pid})`);
  browser = await openBrowser();
  if (process.argv.includes('--fps')) await measureFps(demo, browser);
  else {
    for (const check of [checks, checkStoppedJourney, checkControlPlane, checkLinkedView, checkRoutingMesh]) {
      await check(demo, browser);
      await browser.closePages();
    }
  }
  expect('no console errors or failed requests (login and favicon included)', browser.errors, browser.errors.length === 0);
} catch (e) {
  console.error(`FAIL ${e instanceof Error ? e.stack : e}`);
  failures++;
} finally {
  await browser?.close().catch(() => undefined);
  demo?.stop();
}
if (failures > 0) {
  console.error(`${failures} e2e check(s) failed${demo ? `; collector log: ${demo.logFile}` : ''}`);
  process.exitCode = 1;
}

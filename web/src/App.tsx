// The page: controls on top, the canvas with the flow table and inspector beside it, status at the bottom.
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DataSource } from './api/source';
import { CanvasStore, MAX_JOURNEYS } from './state/store';
import { readView, writeView } from './state/viewUrl';
import { journeysQuery } from './api/query';
import { filterByBox } from './flows/boxFilter';
import { summarize } from './flows/summary';
import { Scene } from './anim/scene';
import { replayOffsets, DEFAULT_TIMING } from './anim/timeline';
import type { ColorBy } from './anim/colors';
import { countProblems, matches, type FlowFilter, type Sort } from './flows/filter';
import type { JourneySummary } from './flows/summary';
import { Canvas } from './components/Canvas';
import { FlowTable } from './components/FlowTable';
import { Inspector } from './components/Inspector';
import { StatusBar } from './components/StatusBar';
import { Login } from './components/Login';
import { animate } from './components/PacketLayer';
import type { DemoScenes } from './models/status';

const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5];
/** Journeys of the backlog replayed once when the page opens, so it shows what has been happening. */
const REPLAY_ON_OPEN = 10;
const LOAD_TOP_UP_MS = 100;
type Theme = 'dark' | 'light';

function initialTheme(): Theme {
  const saved = localStorage.getItem('docker-canvas-theme');
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function App({ source }: { source: DataSource }) {
  const store = useMemo(() => new CanvasStore(), []);
  const scene = useMemo(() => new Scene(), []);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [started, setStarted] = useState(0);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [paused, setPaused] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [live, setLive] = useState(true);
  const [colorBy, setColorBy] = useState<ColorBy>('protocol');
  const [replayCount, setReplayCount] = useState(20);
  // The view opens as its URL says (filters, time window, selected journey) and keeps the URL up to date.
  const opened = useMemo(() => readView(window.location.search), []);
  const [filter, setFilter] = useState<FlowFilter>(opened.filter);
  const [wanted, setWanted] = useState<string | null>(opened.journey);
  const [sort, setSort] = useState<Sort>({ key: 'time', descending: true });
  // The selected journey is held here: it stays in the inspector after it ages out of the table.
  const [held, setHeld] = useState<JourneySummary | null>(null);
  const [following, setFollowing] = useState(false);
  const [dropped, setDropped] = useState(0);
  // undefined: not asked yet; null: the collector is no demo (no selector).
  const [scenes, setScenes] = useState<DemoScenes | null | undefined>(undefined);
  const [sceneNote, setSceneNote] = useState('');

  useEffect(
    () =>
      source.start({
        topology: (t) => store.setTopology(t),
        journeys: (list, initial) => store.addJourneys(list, !initial),
        status: (s) => store.setStatus(s),
        lost: (n) => store.addLost(n),
        connection: (state, detail) => store.setConnection(state, detail),
      }),
    [source, store, started],
  );

  // Asked once the collector answers: only a `demo` lists scenes.
  useEffect(() => {
    if (snap.connection !== 'live' || scenes !== undefined) return;
    setScenes(null);
    source.demoScenes().then(setScenes, () => setScenes(null));
  }, [snap.connection, scenes, source]);

  const switchScene = useCallback(
    (name: string) => {
      setSceneNote('switching…');
      source.selectScene(name).then(
        (next) => {
          setScenes(next);
          setSceneNote('plays from the next pass of the recording');
          setTimeout(() => setSceneNote(''), 8000);
        },
        (e: unknown) => setSceneNote(e instanceof Error ? e.message : String(e)),
      );
    },
    [source],
  );

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('docker-canvas-theme', theme);
  }, [theme]);

  useEffect(() => {
    scene.paused = paused;
    scene.speed = speed;
  }, [scene, paused, speed]);

  useEffect(() => {
    const t = setInterval(() => setDropped(scene.dropped), 1000);
    return () => clearInterval(t);
  }, [scene]);

  // The store's copy when it has one (re-summarized after a topology change).
  const selected = held ? (store.journey(held.id) ?? held) : null;
  const selectedId = selected?.id ?? null;

  useEffect(() => {
    const search = writeView({ filter, journey: selectedId ?? wanted }, window.location.search);
    if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  }, [filter, selectedId, wanted]);

  // A linked journey: from the page's own list once the backlog is in, else asked of the collector.
  useEffect(() => {
    if (!wanted || snap.connection !== 'live') return;
    setWanted(null);
    const known = store.journey(wanted);
    if (known) {
      setHeld(known);
      return;
    }
    // Listed too, so the link shows its row selected as the view it was copied from did.
    source.journey(wanted).then(
      (j) => {
        if (!j) return;
        store.addJourneys([j], false);
        setHeld(store.journey(j.id) ?? summarize(j, store.getSnapshot().index));
      },
      () => undefined,
    );
  }, [wanted, snap.connection, store, source]);

  // A collector query's answer, listed instead of the live journeys until "back to live".
  const [fromCollector, setFromCollector] = useState<{ journeys: JourneySummary[]; limit: number; busy: boolean; error: string } | null>(null);
  const queryCollector = useCallback(
    (limit: number) => {
      setFromCollector({ journeys: [], limit, busy: true, error: '' });
      source.queryJourneys(journeysQuery(filter, limit)).then(
        (list) => setFromCollector({ journeys: list.map((j) => summarize(j, store.getSnapshot().index)), limit, busy: false, error: '' }),
        (e: unknown) => setFromCollector({ journeys: [], limit, busy: false, error: `the collector did not answer: ${e instanceof Error ? e.message : String(e)}` }),
      );
    },
    [source, filter, store],
  );
  const tableFromCollector = useMemo(
    () => (fromCollector ? { count: fromCollector.journeys.length, limit: fromCollector.limit, busy: fromCollector.busy, error: fromCollector.error, onBackToLive: () => setFromCollector(null) } : null),
    [fromCollector],
  );

  const follow = useCallback(() => {
    if (!selected) return;
    const on = !following;
    setFollowing(on);
    scene.setFollow(on ? selected.tuples : null);
    if (on) {
      setPaused(false);
      if (snap.layout) animate(scene, snap.layout, selected, colorBy);
    }
  }, [selected, following, scene, snap.layout, colorBy]);

  const select = useCallback(
    (id: string | null) => {
      setHeld(id ? (store.journey(id) ?? fromCollector?.journeys.find((s) => s.id === id) ?? null) : null);
      setFollowing(false);
      scene.setFollow(null);
    },
    [scene, store, fromCollector],
  );

  const replay = useCallback(
    (list = snap.journeys.filter((s) => matches(s, filter)).slice(-replayCount)) => {
      if (!snap.layout || list.length === 0) return;
      const offsets = replayOffsets(list.map((s) => s.journey.hops[0].ts_ns), DEFAULT_TIMING);
      list.forEach((s, i) => animate(scene, snap.layout!, s, colorBy, offsets[i]));
      setPaused(false);
    },
    [snap.journeys, snap.layout, filter, replayCount, scene, colorBy],
  );

  // ?load=N keeps N dots moving at once (the frame-rate measurement), drawn from the journeys received.
  const load = Number(new URLSearchParams(window.location.search).get('load') ?? 0);
  const loadJourneys = useRef(snap.journeys);
  loadJourneys.current = snap.journeys;
  useEffect(() => {
    if (!(load > 0) || !snap.layout || source.kind !== 'live') return;
    const layout = snap.layout;
    let next = 0;
    const timer = setInterval(() => {
      const moving = loadJourneys.current.filter((s) => s.journey.hops.length >= 3);
      for (let missing = load - scene.runs.length; missing > 0 && moving.length > 0; missing--) animate(scene, layout, moving[next++ % moving.length], colorBy);
    }, LOAD_TOP_UP_MS);
    return () => clearInterval(timer);
  }, [load, snap.layout, source.kind, scene, colorBy]);

  const replayedOnOpen = useRef(false);
  useEffect(() => {
    if (replayedOnOpen.current || !snap.layout || snap.journeys.length === 0) return;
    replayedOnOpen.current = true;
    replay(snap.journeys.filter((s) => matches(s, filter)).slice(-REPLAY_ON_OPEN));
  }, [snap.layout, snap.journeys, replay, filter]);

  const login = useCallback(
    async (token: string) => {
      const ok = await source.login(token);
      if (ok) setStarted((n) => n + 1);
      return ok;
    },
    [source],
  );

  const problems = useMemo(() => countProblems(snap.journeys), [snap.journeys]);
  const nodes = snap.layout?.columns.map((c) => c.nodeId) ?? [];
  const empty = snap.connection === 'live' && nodes.length === 0;

  return (
    <div className="app">
      <header className="toolbar">
        <h1>
          docker-canvas <span className="dim">packet flow</span>
        </h1>
        <div className="controls">
          {scenes && scenes.scenes.length > 0 && (
            <label className="scene" title={scenes.scenes.find((sc) => sc.name === scenes.current)?.description}>
              demo scene
              <select value={scenes.current} onChange={(e) => switchScene(e.target.value)} aria-label="demo scene">
                {scenes.scenes.map((sc) => (
                  <option key={sc.name} value={sc.name} title={sc.description}>
                    {sc.title}
                  </option>
                ))}
              </select>
              {sceneNote && <span className="dim scene-note">{sceneNote}</span>}
            </label>
          )}
          <button onClick={() => setPaused(!paused)} aria-pressed={paused} className="primary">
            {paused ? '▶ Resume' : '❚❚ Pause'}
          </button>
          <label title="how much slower than real time packets move">
            speed
            <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="speed">
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  1 µs = {+(DEFAULT_TIMING.msPerMicrosecond / s).toFixed(1)} ms
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} /> animate live
          </label>
          <span className="replay">
            <button onClick={() => replay()} disabled={snap.journeys.length === 0}>
              ↻ Replay last
            </button>
            <input className="narrow" type="number" min={1} max={500} value={replayCount} onChange={(e) => setReplayCount(Math.max(1, Math.min(500, Number(e.target.value) || 1)))} aria-label="how many journeys to replay" />
          </span>
          <label>
            colour by
            <select value={colorBy} onChange={(e) => setColorBy(e.target.value as ColorBy)} aria-label="colour by">
              <option value="protocol">protocol</option>
              <option value="service">service</option>
            </select>
          </label>
          <button onClick={() => scene.clear()} title="remove the dots now moving">
            Clear
          </button>
          <button onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label="switch theme">
            {theme === 'dark' ? '☀ Light' : '☾ Dark'}
          </button>
        </div>
      </header>
      <main className="workspace">
        <div className="canvas-pane">
          {snap.layout && !empty && <Canvas layout={snap.layout} store={store} scene={scene} colorBy={colorBy} live={live} showControl={filter.control} theme={theme} selected={selected} onBox={(box) => setFilter((f) => filterByBox(f, box))} />}
          {snap.connection === 'unauthorized' && <Login onLogin={login} />}
          {empty && (
            <div className="overlay-state">
              <div className="card">
                <h2>No nodes yet</h2>
                <p>The collector is up but no agent has reported its node. Start an agent on each swarm node, or run <code>./canvas demo</code> for the recorded lab.</p>
              </div>
            </div>
          )}
          {snap.connection === 'disconnected' && (
            <div className={snap.layout ? 'banner' : 'overlay-state'}>
              <div className="card">
                <h2>Collector unreachable</h2>
                <p>{snap.connectionDetail || 'The page lost its connection to the collector.'}</p>
                {snap.layout && <p className="dim">Showing the last picture received.</p>}
              </div>
            </div>
          )}
          {snap.connection === 'connecting' && !snap.layout && (
            <div className="overlay-state">
              <div className="card">
                <p>Connecting to the collector…</p>
              </div>
            </div>
          )}
        </div>
        <aside className="side">
          <FlowTable
            journeys={fromCollector?.journeys ?? snap.journeys}
            filter={filter}
            onFilter={setFilter}
            sort={sort}
            onSort={setSort}
            selectedId={selectedId}
            onSelect={select}
            keeps={MAX_JOURNEYS}
            onQueryCollector={queryCollector}
            fromCollector={tableFromCollector}
          />
          {selected && (
            <Inspector
              summary={selected}
              following={following}
              onFollow={follow}
              onReplay={() => replay([selected])}
              onClose={() => select(null)}
              downloadPcap={(id) => source.downloadPcap(id)}
            />
          )}
        </aside>
      </main>
      <StatusBar
        connection={snap.connection}
        detail={snap.connectionDetail}
        status={snap.status}
        nodes={nodes}
        lostOnStream={snap.lostOnStream}
        droppedDots={dropped}
        source={source.kind}
        problems={problems}
        onProblems={() => setFilter((f) => ({ ...f, problems: !f.problems }))}
      />
    </div>
  );
}

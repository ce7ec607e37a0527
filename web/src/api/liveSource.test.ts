import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rawJourneys, rawTopology } from '../fixtures/recorded';
import statusJson from '../fixtures/status.json';
import type { SourceHandlers } from './source';

// The collector as the page sees it: fetch answers by path; WebSockets are recorded, never opened.
let calls: string[];
let loginStatus: number;
let sockets: FakeSocket[];

class FakeSocket {
  onopen: (() => void) | null = null;
  onmessage: ((msg: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  constructor(readonly url: URL) {
    calls.push('websocket');
    sockets.push(this);
  }
  close() {}
}

function answer(path: string, init?: RequestInit): Response {
  if (path === 'login') {
    calls.push(`login ${String(init?.body)}`);
    return new Response(null, { status: loginStatus });
  }
  calls.push(`${init?.method ?? 'GET'} ${path} ${(init?.headers as Record<string, string>)?.Authorization ?? 'no token'}`.replace(/^GET /, ''));
  if (path.startsWith('api/v1/demo/')) return demoAnswer(path);
  const body = path.startsWith('api/v1/topology') ? rawTopology : path.startsWith('api/v1/journeys') ? rawJourneys : statusJson;
  return new Response(JSON.stringify(body), { status: 200 });
}

let demo: boolean;
const SCENES = {
  current: 'swarm',
  scenes: [
    { name: 'swarm', title: 'A 3-node swarm at work', description: 'HTTP client -> web over VXLAN' },
    { name: 'vxlan-drop', title: 'A node drops VXLAN', description: 'node2 drops UDP 4789' },
  ],
};

/** As collector rest/DemoRoutes answers: 404 when no demo, 400 naming the parameter, 202 with the new list. */
function demoAnswer(path: string): Response {
  if (!demo) return new Response(JSON.stringify({ error: 'not a demo: this collector replays no recorded scenes' }), { status: 404 });
  if (path === 'api/v1/demo/scenes') return new Response(JSON.stringify(SCENES), { status: 200 });
  const name = new URLSearchParams(path.split('?')[1]).get('name');
  if (!SCENES.scenes.some((sc) => sc.name === name)) return new Response(JSON.stringify({ error: `name: no scene '${name}'; the scenes are swarm, vxlan-drop` }), { status: 400 });
  return new Response(JSON.stringify({ ...SCENES, current: name }), { status: 202 });
}

const handlers = (): SourceHandlers => ({ topology() {}, journeys() {}, status() {}, lost() {}, connection() {} });

async function liveSource(storedToken: string) {
  vi.stubGlobal('sessionStorage', { getItem: () => storedToken || null, setItem: () => undefined });
  const { LiveSource } = await import('./liveSource');
  return new LiveSource();
}

describe('LiveSource and the collector login', () => {
  beforeEach(() => {
    vi.resetModules();
    calls = [];
    loginStatus = 0; // the opaque redirect that carries the cookie
    sockets = [];
    demo = false;
    vi.useFakeTimers();
    vi.stubGlobal('fetch', vi.fn(async (path: string, init?: RequestInit) => answer(path, init)));
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('window', { location: { href: 'http://127.0.0.1:8080/' } });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('login_wrongToken_postedOnceAndNotSentAgainAsBearer', async () => {
    const source = await liveSource('');
    calls = [];
    loginStatus = 401;
    expect(await source.login('guess')).toBe(false);
    expect(calls).toEqual(['login token=guess']);
  });

  it('login_limited429_refusedWithoutAnotherTry', async () => {
    const source = await liveSource('');
    calls = [];
    loginStatus = 429;
    expect(await source.login('tok')).toBe(false);
    expect(calls).toEqual(['login token=tok']);
  });

  it('stream_withAToken_sessionRenewedBeforeEveryConnection', async () => {
    const source = await liveSource('tok');
    source.start(handlers());
    await vi.waitFor(() => expect(sockets).toHaveLength(1));
    expect(calls.slice(-2)).toEqual(['login token=tok', 'websocket']);

    calls = [];
    sockets[0].onclose?.({ code: 1006 }); // e.g. the collector restarted: its new run refuses the old cookie
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(sockets).toHaveLength(2));
    expect(calls).toEqual([
      'api/v1/topology Bearer tok', 'api/v1/journeys?limit=200 Bearer tok', 'api/v1/status Bearer tok',
      'login token=tok', 'websocket',
    ]);
  });

  it('demoScenes_aDemo_listsScenes_selectSwitches', async () => {
    demo = true;
    const source = await liveSource('');
    expect(await source.demoScenes()).toEqual(SCENES);
    calls = [];
    expect((await source.selectScene('vxlan-drop')).current).toBe('vxlan-drop');
    expect(calls).toEqual(['POST api/v1/demo/scene?name=vxlan-drop no token']);
    await expect(source.selectScene('nope')).rejects.toThrow("scene nope: HTTP 400 name: no scene 'nope'");
  });

  it('demoScenes_notADemo_nullSoNoSelector', async () => {
    const source = await liveSource('');
    expect(await source.demoScenes()).toBeNull();
  });
});

// The collector's HTTP API and WebSocket stream. Paths are relative so the page also works behind a prefix.
// Auth: the token from the login form goes in `Authorization: Bearer` for REST calls and is posted to the
// collector's login page, whose cookie is what a browser WebSocket can carry.
import { decodeDemoScenes, decodeJourney, decodeJourneyPage, decodeStatus, decodeStreamEvent, decodeTopology, parseJson } from './decode';
import type { DemoScenes } from '../models/status';
import type { Journey } from '../models/journey';
import type { WireJourney } from './wire';
import type { DataSource, SourceHandlers } from './source';

export const API = {
  topology: 'api/v1/topology',
  journeys: 'api/v1/journeys?limit=200',
  status: 'api/v1/status',
  stream: 'api/v1/stream',
  login: 'login',
  journey: (id: string) => `api/v1/journeys/${encodeURIComponent(id)}`,
  pcap: (id: string) => `api/v1/journeys/${encodeURIComponent(id)}/pcap`,
  demoScenes: 'api/v1/demo/scenes',
  demoScene: (name: string) => `api/v1/demo/scene?name=${encodeURIComponent(name)}`,
};

const TOKEN_KEY = 'docker-canvas-token';
const STATUS_POLL_MS = 5000;

class Unauthorized extends Error {}

export class LiveSource implements DataSource {
  readonly kind = 'live' as const;
  private token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  /** The first connection's requests, sent as soon as the page's script runs. */
  private early: Promise<unknown[]> | null = this.fetchInitial();

  private fetchInitial(): Promise<unknown[]> {
    const all = Promise.all([this.getJson(API.topology), this.getJson(API.journeys), this.getJson(API.status)]);
    all.catch(() => undefined); // handled when start() takes it
    return all;
  }

  private headers(): HeadersInit {
    return this.token ? { Authorization: `Bearer ${this.token}` } : {};
  }

  private async getJson(path: string): Promise<unknown> {
    const res = await fetch(path, { headers: this.headers(), credentials: 'same-origin' });
    if (res.status === 401 || res.status === 403) throw new Unauthorized();
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return parseJson(await res.text());
  }

  /**
   * The login page sets the cookie the stream needs (a collector without a token still takes the Bearer
   * header). The cookie ends after some hours and with the collector's run, so it is asked for again before
   * each stream connection. Returns the HTTP status: 401 for a wrong token, 429 after too many; 0 for the
   * redirect that comes with the cookie (or no answer).
   */
  private async renewSession(): Promise<number> {
    const res = await fetch(API.login, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: this.token }),
      credentials: 'same-origin',
      redirect: 'manual',
    }).catch(() => undefined);
    return res?.status ?? 0;
  }

  async login(token: string): Promise<boolean> {
    this.token = token.trim();
    const refused = await this.renewSession();
    // the collector counts wrong tokens per address: do not send a refused one a second time
    if (refused === 401 || refused === 429) return false;
    try {
      await this.getJson(API.status);
      sessionStorage.setItem(TOKEN_KEY, this.token);
      return true;
    } catch (e) {
      if (e instanceof Unauthorized) return false;
      sessionStorage.setItem(TOKEN_KEY, this.token);
      return true; // not refused; the connection loop will report what is wrong
    }
  }

  async downloadPcap(journeyId: string): Promise<void> {
    const res = await fetch(API.pcap(journeyId), { headers: this.headers(), credentials: 'same-origin' });
    if (!res.ok) throw new Error(`pcap of journey ${journeyId}: HTTP ${res.status}`);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `journey-${journeyId}.pcap`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async queryJourneys(path: string): Promise<Journey[]> {
    return decodeJourneyPage(await this.getJson(path)).journeys;
  }

  async journey(id: string): Promise<Journey | null> {
    const res = await fetch(API.journey(id), { headers: this.headers(), credentials: 'same-origin' });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`journey ${id}: HTTP ${res.status}`);
    return decodeJourney(parseJson(await res.text()) as WireJourney);
  }

  async demoScenes(): Promise<DemoScenes | null> {
    // A collector that is no demo answers 404: nothing to offer, no selector.
    const res = await fetch(API.demoScenes, { headers: this.headers(), credentials: 'same-origin' }).catch(() => null);
    if (!res?.ok) return null;
    return decodeDemoScenes(parseJson(await res.text()));
  }

  async selectScene(name: string): Promise<DemoScenes> {
    const res = await fetch(API.demoScene(name), { method: 'POST', headers: this.headers(), credentials: 'same-origin' });
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        message = String((parseJson(text) as { error?: unknown }).error ?? text);
      } catch {
        // not JSON: the text as it came
      }
      throw new Error(`scene ${name}: HTTP ${res.status} ${message}`);
    }
    return decodeDemoScenes(parseJson(text));
  }

  start(h: SourceHandlers): () => void {
    let stopped = false;
    let socket: WebSocket | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let lastStatusAt = 0;
    let attempt = 0;

    const pollStatus = setInterval(async () => {
      if (stopped || Date.now() - lastStatusAt < STATUS_POLL_MS) return;
      try {
        h.status(decodeStatus(await this.getJson(API.status)));
        lastStatusAt = Date.now();
      } catch {
        // the stream's close handler reports the disconnection
      }
    }, STATUS_POLL_MS);

    const retry = (why: string) => {
      if (stopped) return;
      const delay = Math.min(10_000, 1000 * 2 ** Math.min(attempt++, 4));
      h.connection('disconnected', `${why} · retrying in ${Math.round(delay / 1000)} s`);
      retryTimer = setTimeout(connect, delay);
    };

    const connect = async () => {
      if (stopped) return;
      h.connection('connecting');
      try {
        const initial = this.early ?? this.fetchInitial();
        this.early = null;
        const [topology, page, status] = await initial;
        h.topology(decodeTopology(topology));
        h.journeys(decodeJourneyPage(page).journeys, true);
        h.status(decodeStatus(status));
        lastStatusAt = Date.now();
      } catch (e) {
        if (e instanceof Unauthorized) return h.connection('unauthorized');
        return retry(e instanceof Error ? e.message : String(e));
      }
      if (this.token) await this.renewSession();
      const url = new URL(API.stream, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(url);
      socket.onopen = () => {
        attempt = 0;
        h.connection('live');
      };
      socket.onmessage = (msg) => {
        try {
          const ev = decodeStreamEvent(parseJson(String(msg.data)));
          if (!ev) return;
          if (ev.type === 'topology') h.topology(ev.topology);
          else if (ev.type === 'journey') h.journeys(ev.journeys, false);
          else if (ev.type === 'status') {
            h.status(ev.status);
            lastStatusAt = Date.now();
          } else if (ev.type === 'lost') h.lost(ev.lost);
        } catch (e) {
          console.warn('docker-canvas: stream frame ignored:', e instanceof Error ? e.message : e);
        }
      };
      socket.onclose = (ev) => {
        socket = null;
        if (ev.code === 1008 || ev.code === 4401) h.connection('unauthorized');
        else retry(`stream closed (${ev.code})`);
      };
    };

    void connect();
    return () => {
      stopped = true;
      clearInterval(pollStatus);
      clearTimeout(retryTimer);
      socket?.close();
    };
  }
}

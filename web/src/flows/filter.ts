// Filters and sorting of the flow table, as plain functions over journey summaries.
import type { JourneySummary } from './summary';

export interface FlowFilter {
  node: string;
  service: string;
  network: string;
  protocol: string;
  /** A port number, matched against any port at any hop (inner and outer). */
  port: string;
  /** An address or its beginning ("10.0.1."), matched against any address at any hop. */
  ip: string;
  text: string;
  /** Only journeys whose verdict is a problem. */
  problems: boolean;
  /** Show the swarm's control-plane chatter (gossip 7946, raft 2377): hidden unless asked for. */
  control: boolean;
  /** Time window on the first hop's time, as typed: relative ("5m", "90s", "2h") or absolute (ISO 8601); "" for none. */
  since: string;
  until: string;
}

export const NO_FILTER: FlowFilter = {
  node: '', service: '', network: '', protocol: '', port: '', ip: '', text: '', problems: false, control: false, since: '', until: '',
};

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A time bound as ms since the epoch: "5m" is five minutes before `nowMs`, "2026-12-05T05:30:00Z" (or any
 * date the browser parses) that instant; null for "", NaN for text that is neither.
 */
export function parseWhen(text: string, nowMs: number): number | null {
  const t = text.trim();
  if (!t) return null;
  const rel = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/i.exec(t);
  if (rel) return nowMs - Number(rel[1]) * UNIT_MS[rel[2].toLowerCase()];
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return Date.parse(t);
  return NaN;
}

/** Control-plane traffic as the collector classifies it; a collector that does not classify hides nothing. */
export function isControl(s: JourneySummary): boolean {
  return s.journey.trafficClass === 'control';
}

export function matches(s: JourneySummary, f: FlowFilter, nowMs = Date.now()): boolean {
  if (!f.control && isControl(s)) return false;
  if (f.since || f.until) {
    const since = parseWhen(f.since, nowMs);
    const until = parseWhen(f.until, nowMs);
    // a bound that does not parse is shown as an error by the input and not applied
    if (since !== null && !Number.isNaN(since) && s.startMs < since) return false;
    if (until !== null && !Number.isNaN(until) && s.startMs > until) return false;
  }
  if (f.problems && !s.problem) return false;
  if (f.node && !s.nodes.includes(f.node)) return false;
  if (f.service && !s.services.includes(f.service)) return false;
  if (f.network && !s.networks.includes(f.network)) return false;
  if (f.protocol && s.proto !== f.protocol) return false;
  if (f.port.trim()) {
    const port = Number(f.port.trim());
    if (!Number.isInteger(port) || !s.ports.has(port)) return false;
  }
  const ip = f.ip.trim();
  if (ip) {
    let found = false;
    for (const a of s.ips) if (a === ip || a.startsWith(ip)) found = true;
    if (!found) return false;
  }
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return words.every((w) => s.text.includes(w));
}

export type SortKey = 'time' | 'verdict' | 'proto' | 'src' | 'dst' | 'service' | 'path' | 'hops';

export interface Sort {
  key: SortKey;
  descending: boolean;
}

function compareText(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

const COMPARATORS: Record<SortKey, (a: JourneySummary, b: JourneySummary) => number> = {
  time: (a, b) => a.startMs - b.startMs || compareText(a.id, b.id),
  // problems first when descending, then by state
  verdict: (a, b) => Number(a.problem) - Number(b.problem) || compareText(b.journey.verdict?.state ?? '~', a.journey.verdict?.state ?? '~'),
  proto: (a, b) => compareText(a.proto, b.proto),
  src: (a, b) => compareText(a.src, b.src),
  dst: (a, b) => compareText(a.finalDst, b.finalDst),
  service: (a, b) => compareText(a.service ?? '~', b.service ?? '~'),
  path: (a, b) => compareText(a.nodes.join('>'), b.nodes.join('>')),
  hops: (a, b) => a.journey.hops.length - b.journey.hops.length,
};

/** A sorted copy; ties keep arrival order. */
export function sortSummaries(list: JourneySummary[], sort: Sort): JourneySummary[] {
  const cmp = COMPARATORS[sort.key];
  return list
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (sort.descending ? -cmp(a.s, b.s) : cmp(a.s, b.s)) || a.i - b.i)
    .map((x) => x.s);
}

/** Choices for the select filters, from what the table holds. */
export function filterChoices(list: JourneySummary[]) {
  const nodes = new Set<string>();
  const services = new Set<string>();
  const networks = new Set<string>();
  const protocols = new Set<string>();
  for (const s of list) {
    s.nodes.forEach((n) => nodes.add(n));
    s.services.forEach((n) => services.add(n));
    s.networks.forEach((n) => networks.add(n));
    protocols.add(s.proto);
  }
  const sorted = (set: Set<string>) => [...set].sort(compareText);
  return { nodes: sorted(nodes), services: sorted(services), networks: sorted(networks), protocols: sorted(protocols) };
}

/** How many of these journeys are control-plane traffic (the toggle's count). */
export function countControl(list: JourneySummary[]): number {
  let n = 0;
  for (const s of list) if (isControl(s)) n++;
  return n;
}

/** How many of these journeys are problems (what the status bar counts). */
export function countProblems(list: JourneySummary[]): number {
  let n = 0;
  for (const s of list) if (s.problem) n++;
  return n;
}

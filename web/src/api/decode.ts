// The one boundary where the collector's JSON becomes the page's models. Lenient where the wire may
// legitimately vary (protobuf JSON accepts snake_case and camelCase; a protocol as number or name; a 64-bit
// time as number or string), strict where a missing field would make a picture wrong (a hop without node
// or point is rejected with a message naming it).
import type { ClusterTopology } from '../models/topology';
import type { Hop, Journey, JourneyPage, OuterHeaders, Rewrite, Verdict } from '../models/journey';
import type { AgentStatus, ServerStatus } from '../models/status';
import type { StreamEvent } from '../models/stream';

type Json = Record<string, unknown>;

const BIG_FIELDS = new Set(['ts_ns', 'tsNs', 'fp', 'fingerprint', 'id']);
const PROTOCOLS: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPV6', 132: 'SCTP' };

/**
 * JSON.parse that keeps 64-bit integers exact where the browser lets a reviver see the source text
 * (Chrome 114+): nanosecond timestamps exceed 2^53. Elsewhere such numbers arrive rounded to ~256 ns.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(text, function (this: unknown, key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && BIG_FIELDS.has(key) && context?.source && !Number.isSafeInteger(value)) {
      return context.source; // a string of digits, converted exactly by the decoders below
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Protobuf JSON: the same message may come with proto field names (snake_case) or JSON names (camelCase). */
export function camelizeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeKeys);
  if (value !== null && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) out[camel(k)] = camelizeKeys(v);
    return out;
  }
  return value;
}

export function decodeTopology(raw: unknown): ClusterTopology {
  if (raw === null || typeof raw !== 'object') throw new Error('topology: expected a JSON object');
  const topology = camelizeKeys(raw) as ClusterTopology;
  for (const [i, n] of (topology.nodes ?? []).entries()) {
    if (!n.node?.id) throw new Error(`topology: nodes[${i}].node.id is missing`);
  }
  return topology;
}

function field(o: Json, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n];
  return undefined;
}

function num(v: unknown, fallback = 0): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fallback;
}

function optNum(v: unknown): number | null {
  return v === undefined || v === null ? null : num(v, NaN);
}

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

/** Exact nanoseconds from a JSON number (maybe rounded already) or a string of digits. */
export function toNanos(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.round(v));
  return 0n;
}

export function protocolName(v: unknown): string {
  if (typeof v === 'number') return PROTOCOLS[v] ?? `proto ${v}`;
  const s = str(v).toUpperCase().replace(/^PROTOCOL_/, '');
  if (/^\d+$/.test(s)) return PROTOCOLS[Number(s)] ?? `proto ${s}`;
  return s || '?';
}

/** A rewrite as the collector's Rewrite record ({kind, before, after, vni}) or a bare "DNAT" / "ENCAP 4096". */
export function decodeRewrite(raw: unknown): Rewrite {
  if (typeof raw === 'string') {
    const [kind, ...rest] = raw.trim().split(/\s+/);
    const vni = rest.find((r) => /^\d+$/.test(r));
    return { kind: kind.toUpperCase(), before: '', after: '', vni: vni ? Number(vni) : 0, changes: [] };
  }
  const o = (raw ?? {}) as Json;
  const changes = Array.isArray(o.changes)
    ? o.changes.map((c) => {
        const f = (c ?? {}) as Json;
        return { field: str(f.field), before: str(f.before), after: str(f.after) };
      })
    : [];
  return { kind: str(field(o, 'kind', 'type')).toUpperCase(), before: str(o.before), after: str(o.after), vni: num(o.vni), changes };
}

function decodeOuter(raw: unknown, hopVni: number): OuterHeaders | null {
  if (raw === null || typeof raw !== 'object') return null;
  const o = raw as Json;
  return {
    src: str(field(o, 'src', 'outer_src', 'outerSrc')),
    dst: str(field(o, 'dst', 'outer_dst', 'outerDst')),
    sport: num(field(o, 'sport', 'src_port', 'outerSrcPort')),
    dport: num(field(o, 'dport', 'dst_port', 'outerDstPort')),
    vni: num(o.vni, hopVni),
  };
}

export function decodeHop(raw: unknown, where = 'hop'): Hop {
  const o = (raw ?? {}) as Json;
  const node = str(o.node);
  const point = str(o.point);
  if (!node) throw new Error(`${where}: node is missing`);
  if (!point) throw new Error(`${where}: point is missing`);
  const vni = num(o.vni);
  const latency = optNum(field(o, 'latency_ns', 'latencyNs'));
  const proto = protocolName(field(o, 'proto', 'protocol'));
  return {
    node,
    point,
    ts_ns: toNanos(field(o, 'ts_ns', 'tsNs', 'timestamp_ns')),
    latency_ns: latency === null || latency < 0 ? null : latency,
    rewrites: Array.isArray(o.rewrites) ? o.rewrites.map(decodeRewrite) : [],
    vni,
    src: str(o.src),
    dst: str(o.dst),
    sport: num(field(o, 'sport', 'src_port')),
    dport: num(field(o, 'dport', 'dst_port')),
    proto,
    ttl: optNum(o.ttl),
    ip_id: optNum(field(o, 'ip_id', 'ipId')),
    tcp_flags: proto === 'TCP' ? optNum(field(o, 'tcp_flags', 'tcpFlags')) : null,
    outer: decodeOuter(field(o, 'outer', 'vxlan'), vni),
  };
}

export function decodeJourney(raw: unknown): Journey {
  const o = (raw ?? {}) as Json;
  const id = str(o.id);
  if (!id) throw new Error('journey: id is missing');
  const hops = Array.isArray(o.hops) ? o.hops : [];
  if (hops.length === 0) throw new Error(`journey ${id}: no hops`);
  const names = (v: unknown) => (Array.isArray(v) ? v.map(str).filter(Boolean) : []);
  return {
    id,
    fp: str(field(o, 'fp', 'fingerprint')),
    networks: names(o.networks),
    services: names(o.services),
    hops: hops.map((h, i) => decodeHop(h, `journey ${id} hop ${i + 1}`)),
    verdict: decodeVerdict(o.verdict),
    trafficClass: trafficClassName(field(o, 'traffic_class', 'trafficClass')),
    complete: o.complete === undefined ? true : o.complete === true,
  };
}

/** "TRAFFIC_CLASS_OVERLAY_CONTROL" (or "OVERLAY_CONTROL") -> "overlay-control"; absent -> "unknown". */
export function trafficClassName(v: unknown): string {
  const s = str(v).toUpperCase().replace(/^TRAFFIC_CLASS_/, '');
  if (!s || s === 'UNSPECIFIED') return 'unknown';
  return s.toLowerCase().replace(/_/g, '-');
}

/** A verdict in the proto's JSON (prefixed enums, facts as a list) or the older shape (facts as an object). */
export function decodeVerdict(raw: unknown): Verdict | null {
  if (raw === null || typeof raw !== 'object') return null;
  const o = raw as Json;
  const strip = (v: unknown, prefix: RegExp) => str(v).toUpperCase().replace(prefix, '');
  const cause = strip(o.cause, /^STOP_CAUSE_/);
  const answer = strip(o.answer, /^VERDICT_STATE_/);
  const rawFacts = o.facts;
  const facts = Array.isArray(rawFacts)
    ? rawFacts.map((f) => ({ name: str((f as Json)?.name), value: str((f as Json)?.value) }))
    : rawFacts !== null && typeof rawFacts === 'object'
      ? Object.entries(rawFacts as Json).map(([name, value]) => ({ name, value: str(value) }))
      : [];
  return {
    state: strip(o.state, /^VERDICT_STATE_/),
    lastPoint: str(field(o, 'last_point', 'lastPoint')),
    expectedNext: str(field(o, 'expected_next', 'expectedNext')),
    cause: cause === 'NONE' || cause === 'UNSPECIFIED' ? '' : cause,
    reason: str(o.reason),
    answer: answer === 'ANSWERED' || answer === 'UNANSWERED' ? answer : '',
    problem: o.problem === true,
    facts,
  };
}

export function decodeJourneyPage(raw: unknown): JourneyPage {
  const o = (raw ?? {}) as Json;
  const list = Array.isArray(o.journeys) ? o.journeys : [];
  return { journeys: list.map(decodeJourney), kept: num(o.kept, list.length), seen: num(o.seen, list.length) };
}

function decodeAgent(raw: unknown): AgentStatus {
  const o = (raw ?? {}) as Json;
  const lastSeen = field(o, 'last_seen', 'lastSeen');
  return {
    node: str(field(o, 'node', 'node_id', 'nodeId', 'name')),
    connected: o.connected === undefined ? true : Boolean(o.connected),
    observations_per_s: optNum(field(o, 'observations_per_s', 'observationsPerS', 'observations_per_second')),
    last_seen: lastSeen === undefined ? null : str(lastSeen),
    limitations: Array.isArray(o.limitations) ? o.limitations.map(str) : [],
  };
}

export function decodeStatus(raw: unknown): ServerStatus {
  const o = (raw ?? {}) as Json;
  const journeys = (field(o, 'journeys') ?? {}) as Json;
  return {
    version: str(o.version),
    agents: Array.isArray(o.agents) ? o.agents.map(decodeAgent) : [],
    observations_per_s: num(field(o, 'observations_per_s', 'observationsPerS', 'observations_per_second')),
    kept: num(field(o, 'kept', 'journeys_kept') ?? journeys.kept),
    seen: num(field(o, 'seen', 'journeys_seen') ?? journeys.seen),
    lost: num(field(o, 'lost', 'lost_events', 'lostEvents')),
  };
}

/** One stream frame; `null` for a frame type this page does not use (ignored, not an error). */
export function decodeStreamEvent(raw: unknown): StreamEvent | null {
  const o = (raw ?? {}) as Json;
  const type = str(field(o, 'type', 'kind')).toLowerCase();
  const body = field(o, type, 'data', 'payload');
  switch (type) {
    case 'topology':
      return { type, topology: decodeTopology(body) };
    case 'journey':
    case 'journeys': {
      // The collector sends {type: "journey", journeys: [...]}; a single journey as the body is taken too.
      const many = field(o, 'journeys') ?? body;
      const list = Array.isArray(many) ? many : many && Array.isArray((many as Json).journeys) ? (many as Json).journeys : [many];
      return { type: 'journey', journeys: (list as unknown[]).map(decodeJourney) };
    }
    case 'status':
      return { type, status: decodeStatus(body) };
    case 'lost':
      return { type, lost: num(field(o, 'lost', 'count') ?? (body as Json | undefined)?.count) };
    default:
      return null;
  }
}

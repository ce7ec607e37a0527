// The one boundary where the collector's JSON becomes the page's models. Journeys come in one shape, the
// proto's JSON mapping of docker_canvas.v1.Journey (api/wire.ts, checked against flow.proto by wire.test.ts);
// a missing field that would make a picture wrong (a hop without node or point) is rejected with a message
// naming it. Topology and status are read leniently (snake_case or camelCase).
import type { ClusterTopology } from '../models/topology';
import type { Hop, Journey, JourneyPage, LoadBalancing, OuterHeaders, Rewrite, Verdict } from '../models/journey';
import type { AgentStatus, DemoScenes, ServerStatus } from '../models/status';
import type { StreamEvent } from '../models/stream';
import type { WireEncapsulation, WireHeaders, WireHop, WireJourney, WireJourneyPage, WireJourneyVerdict, WireLoadBalancing, WireRewrite } from './wire';

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

const ENDPOINT_PROTOCOLS = new Set(['TCP', 'UDP']);

/** "203.0.113.11:8001" for TCP and UDP, "[2001:db8::1]:80" for IPv6, the bare address otherwise. */
function endpoint(address: string, port: number, proto: string): string {
  if (!ENDPOINT_PROTOCOLS.has(proto)) return address;
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function describeOuter(o: OuterHeaders | null): string {
  return o ? `${o.src}:${o.sport} → ${o.dst}:${o.dport} vni ${o.vni}` : '';
}

/**
 * A rewrite of the hop `current`: its kind without the REWRITE_KIND_ prefix, and the endpoint it changed (before
 * and after) from the previous hop's headers and this one's, as the inspector shows it; the tunnel for ENCAP/DECAP.
 */
export function decodeRewrite(raw: WireRewrite, previous: Hop | null, current: Hop): Rewrite {
  const kind = enumName(raw.kind, 'REWRITE_KIND_');
  let before = '';
  let after = '';
  if (previous) {
    switch (kind) {
      case 'DNAT':
      case 'REDIRECT':
      case 'UN_SNAT':
        before = endpoint(previous.dst, previous.dport, previous.proto);
        after = endpoint(current.dst, current.dport, current.proto);
        break;
      case 'SNAT':
      case 'UN_DNAT':
        before = endpoint(previous.src, previous.sport, previous.proto);
        after = endpoint(current.src, current.sport, current.proto);
        break;
      case 'ENCAP':
        after = describeOuter(current.outer);
        break;
      case 'DECAP':
        before = describeOuter(previous.outer);
        break;
    }
  }
  const changes = (raw.changes ?? []).map((c) => ({ field: str(c.field), before: str(c.before), after: str(c.after) }));
  return { kind, before, after, vni: num(raw.vni), changes };
}

function decodeOuter(raw: WireEncapsulation | undefined): OuterHeaders | null {
  if (!raw) return null;
  return { src: str(raw.ip?.src), dst: str(raw.ip?.dst), sport: num(raw.udp?.src_port), dport: num(raw.udp?.dst_port), vni: num(raw.vni) };
}

/** google.protobuf.Duration's JSON ("1.000340s", "-0.5s") in ns; null when absent or not one. */
export function durationNanos(v: unknown): number | null {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(str(v).trim());
  if (!m) return null;
  const ns = Number(m[2]) * 1e9 + Number((m[3] ?? '').padEnd(9, '0'));
  return m[1] ? -ns : ns;
}

function l4Name(inner: WireHeaders, protocol: number): string {
  if (protocol) return protocolName(protocol);
  return inner.tcp ? 'TCP' : inner.udp ? 'UDP' : inner.icmp ? (inner.icmp.v6 ? 'ICMPV6' : 'ICMP') : '?';
}

/**
 * One hop; `previous` is the hop before it, decoded. latency_ns is since_previous where both hops are on one node
 * (one clock; clamped at 0: taps within a node are not in path order at the microsecond scale), else null.
 */
export function decodeHop(raw: WireHop, previous: Hop | null = null, where = 'hop'): Hop {
  const o = raw?.observation ?? {};
  const node = str(o.point?.node_id);
  const point = str(o.point?.name);
  if (!node) throw new Error(`${where}: observation.point.node_id is missing`);
  if (!point) throw new Error(`${where}: observation.point.name is missing`);
  const inner = o.inner ?? {};
  const ip = inner.ip ?? {};
  const proto = l4Name(inner, num(ip.protocol));
  const ports = inner.tcp ?? inner.udp ?? {};
  const outer = decodeOuter(o.outer);
  const since = durationNanos(raw.since_previous);
  const hop: Hop = {
    node,
    point,
    ts_ns: toNanos(o.ts_ns),
    latency_ns: previous && previous.node === node && since !== null ? Math.max(0, since) : null,
    rewrites: [],
    vni: outer ? outer.vni : 0,
    src: str(ip.src),
    dst: str(ip.dst),
    sport: num(ports.src_port),
    dport: num(ports.dst_port),
    proto,
    ttl: num(ip.ttl),
    ip_id: num(ip.id),
    tcp_flags: inner.tcp ? num(inner.tcp.flags) : null,
    outer,
  };
  hop.rewrites = (raw.rewrites ?? []).map((r) => decodeRewrite(r, previous, hop));
  if (raw.load_balancing && typeof raw.load_balancing === 'object') hop.lb = decodeLoadBalancing(raw.load_balancing);
  return hop;
}

/** The IPVS choice of a hop, as the collector named it. */
export function decodeLoadBalancing(raw: WireLoadBalancing): LoadBalancing {
  return {
    node: str(raw.node_id),
    namespace: str(raw.namespace),
    vip: raw.vip === true,
    fwmark: num(raw.fwmark),
    virtual: `${str(raw.virtual_address)}:${num(raw.virtual_port)}`,
    chosen: `${str(raw.chosen_address)}:${num(raw.chosen_port)}`,
    task: str(raw.task),
    task_node: str(raw.task_node_id),
    scheduler: str(raw.scheduler),
    backends: num(raw.backends),
    summary: str(raw.summary),
  };
}

/** An enum value without its prefix: "VERDICT_STATE_STOPPED" is STOPPED; "" when absent (enum 0 is left out). */
function enumName(v: unknown, prefix: string): string {
  const s = str(v).trim().toUpperCase();
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

/** The journey's verdict, or null where the collector gave none (control-plane traffic, not judged). */
export function decodeVerdict(raw: WireJourneyVerdict | null | undefined): Verdict | null {
  if (raw === null || typeof raw !== 'object') return null;
  const state = enumName(raw.state, 'VERDICT_STATE_');
  const cause = enumName(raw.cause, 'STOP_CAUSE_');
  const answer = enumName(raw.answer, 'VERDICT_STATE_');
  return {
    state: state === '' || state === 'UNSPECIFIED' ? 'UNKNOWN' : state,
    lastPoint: str(raw.last_point),
    expectedNext: str(raw.expected_next),
    cause: cause === '' || cause === 'UNSPECIFIED' ? 'NONE' : cause,
    reason: str(raw.reason),
    answer: answer === 'ANSWERED' || answer === 'UNANSWERED' ? answer : '',
    // the proto's JSON leaves out a false bool
    problem: raw.problem === true,
    facts: (raw.facts ?? []).map((f) => ({ name: str(f?.name), value: str(f?.value) })),
  };
}

/** 'data', 'control', 'dns', 'overlay-control'; 'unknown' where the collector does not classify. */
export function trafficClassName(v: unknown): string {
  const s = enumName(v, 'TRAFFIC_CLASS_').toLowerCase().replace(/_/g, '-');
  return s === '' || s === 'unspecified' ? 'unknown' : s;
}

/** fixed64 as 16 hex digits, the page's spelling of a fingerprint. */
function hex64(v: unknown): string {
  const n = toNanos(v);
  return n === 0n && !v ? '' : BigInt.asUintN(64, n).toString(16).padStart(16, '0');
}

export function decodeJourney(raw: WireJourney): Journey {
  const o = raw ?? {};
  const id = str(o.id);
  if (!id) throw new Error('journey: id is missing');
  const hops = Array.isArray(o.hops) ? o.hops : [];
  if (hops.length === 0) throw new Error(`journey ${id}: no hops`);
  const names = (v: unknown) => (Array.isArray(v) ? v.map(str).filter(Boolean) : []);
  const decoded: Hop[] = [];
  hops.forEach((h, i) => decoded.push(decodeHop(h, i > 0 ? decoded[i - 1] : null, `journey ${id} hop ${i + 1}`)));
  return {
    id,
    fp: hex64(o.fingerprint),
    networks: names(o.network_names),
    services: names(o.service_names),
    hops: decoded,
    verdict: decodeVerdict(o.verdict),
    trafficClass: trafficClassName(o.traffic_class),
    // the proto's JSON leaves out complete: false (a progressive journey; the stream sends those as journey_update)
    complete: o.complete === true,
  };
}

export function decodeJourneyPage(raw: unknown): JourneyPage {
  const o = (raw ?? {}) as WireJourneyPage;
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

export function decodeDemoScenes(raw: unknown): DemoScenes {
  const o = (raw ?? {}) as Json;
  const scenes = (Array.isArray(o.scenes) ? o.scenes : []).map((x) => {
    const sc = (x ?? {}) as Json;
    return { name: str(sc.name), title: str(sc.title) || str(sc.name), description: str(sc.description) };
  });
  return { current: str(o.current), scenes: scenes.filter((sc) => sc.name) };
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
    case 'journey_update': {
      // {type: "journey", journeys: [...]}: final journeys; {type: "journey_update", ...}: ones still being stitched
      const list = (o.journeys ?? []) as WireJourney[];
      const journeys = (Array.isArray(list) ? list : []).map(decodeJourney);
      if (type === 'journey_update') journeys.forEach((j) => (j.complete = false));
      return { type: 'journey', journeys };
    }
    case 'status':
      return { type, status: decodeStatus(body) };
    case 'lost':
      return { type, lost: num(field(o, 'lost', 'count') ?? (body as Json | undefined)?.count) };
    default:
      return null;
  }
}

const PROTOCOL_NUMBERS: Record<string, number> = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58, SCTP: 132 };

function durationJson(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${sign}${abs / 1_000_000_000n}${frac ? `.${frac}` : ''}s`;
}

/**
 * A journey of the page back in the proto's JSON mapping (what the page keeps of it: no frame bytes), so an
 * exported file has the collector's one shape and decodeJourney reads it back.
 */
export function encodeJourney(j: Journey): WireJourney {
  const hops: WireHop[] = j.hops.map((h, i) => {
    const ports = { src_port: h.sport || undefined, dst_port: h.dport || undefined };
    const inner: WireHeaders = { ip: { src: h.src, dst: h.dst, id: h.ip_id || undefined, ttl: h.ttl || undefined, protocol: PROTOCOL_NUMBERS[h.proto] } };
    if (h.proto === 'TCP') inner.tcp = { ...ports, flags: h.tcp_flags || undefined };
    else if (h.proto === 'UDP') inner.udp = ports;
    else if (h.proto === 'ICMP' || h.proto === 'ICMPV6') inner.icmp = h.proto === 'ICMPV6' ? { v6: true } : {};
    const outer: WireEncapsulation | undefined = h.outer
      ? { ip: { src: h.outer.src, dst: h.outer.dst, protocol: 17 }, udp: { src_port: h.outer.sport, dst_port: h.outer.dport }, vni: h.outer.vni }
      : undefined;
    return {
      observation: { point: { node_id: h.node, name: h.point }, ts_ns: h.ts_ns.toString(), outer, inner, fingerprint: j.fp ? BigInt(`0x${j.fp}`).toString() : undefined },
      rewrites: h.rewrites.length ? h.rewrites.map((r) => ({ kind: `REWRITE_KIND_${r.kind}`, changes: r.changes.length ? r.changes : undefined, vni: r.vni || undefined })) : undefined,
      since_previous: i > 0 ? durationJson(h.ts_ns - j.hops[i - 1].ts_ns) : undefined,
    };
  });
  const v = j.verdict;
  return {
    id: j.id,
    fingerprint: j.fp ? BigInt(`0x${j.fp}`).toString() : undefined,
    hops,
    network_names: j.networks.length ? j.networks : undefined,
    service_names: j.services.length ? j.services : undefined,
    verdict: v
      ? {
          state: `VERDICT_STATE_${v.state}`,
          last_point: v.lastPoint || undefined,
          expected_next: v.expectedNext || undefined,
          cause: v.cause === 'NONE' ? undefined : `STOP_CAUSE_${v.cause}`,
          facts: v.facts.length ? v.facts : undefined,
          reason: v.reason || undefined,
          answer: v.answer ? `VERDICT_STATE_${v.answer}` : undefined,
          problem: v.problem || undefined,
        }
      : undefined,
    traffic_class: j.trafficClass === 'unknown' ? undefined : `TRAFFIC_CLASS_${j.trafficClass.toUpperCase().replace(/-/g, '_')}`,
    complete: j.complete || undefined,
  };
}

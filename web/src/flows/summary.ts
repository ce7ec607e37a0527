// One row of the flow table: what a journey is in words (who talked to whom, through which nodes, networks
// and services, with which rewrites), computed once when it arrives so filtering and sorting stay cheap.
import type { Hop, Journey } from '../models/journey';
import { parsePoint } from '../layout/points';
import { GWBRIDGE_KEY, type TopologyIndex } from '../layout/topologyIndex';
import { rewriteLabel } from '../models/rewrites';

export interface JourneySummary {
  journey: Journey;
  id: string;
  /** First hop's capture time, ms since the epoch (for display and sorting). */
  startMs: number;
  proto: string;
  /** Endpoints as the first hop saw them, and where the packet finally went. */
  src: string;
  dst: string;
  finalDst: string;
  nodes: string[];
  networks: string[];
  services: string[];
  /** Service of the container the packet ended in, or came from; null when none. */
  service: string | null;
  rewrites: string[];
  ips: Set<string>;
  ports: Set<number>;
  /** Canonical conversation tuples (both directions alike) at every hop, for "follow this flow". */
  tuples: Set<string>;
  /** A problem the page counts and the problems filter shows (stopped, unanswered, ...); never control traffic. */
  problem: boolean;
  /** Lower-case text of everything above, for free-text search. */
  text: string;
}

function endpoint(ip: string, port: number, proto: string): string {
  if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP') return ip;
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function conversationTuple(h: Pick<Hop, 'proto' | 'src' | 'dst' | 'sport' | 'dport'>): string {
  const a = endpoint(h.src, h.sport, h.proto);
  const b = endpoint(h.dst, h.dport, h.proto);
  return `${h.proto} ${a < b ? `${a} ${b}` : `${b} ${a}`}`;
}

export function summarize(journey: Journey, index: TopologyIndex | null): JourneySummary {
  const hops = journey.hops;
  const first = hops[0];
  const last = hops[hops.length - 1];
  const nodes: string[] = [];
  const networks = new Set<string>();
  const services = new Set<string>();
  const rewrites: string[] = [];
  const ips = new Set<string>();
  const ports = new Set<number>();
  const tuples = new Set<string>();
  journey.networks.forEach((n) => networks.add(n));
  journey.services.forEach((n) => services.add(n));
  let endService: string | null = null;
  let startService: string | null = null;
  for (const h of hops) {
    if (nodes[nodes.length - 1] !== h.node) nodes.push(h.node);
    const p = parsePoint(h.point);
    if (p.kind === 'br0' || p.kind === 'vxlan0') networks.add(p.owner);
    if (p.kind === 'gwbridge') networks.add(GWBRIDGE_KEY);
    if (h.vni && index?.networkByVni.get(h.vni)) networks.add(index.networkByVni.get(h.vni)!.name);
    if (p.kind === 'sandbox' && index) {
      const svc = index.containers.get(p.owner)?.service;
      if (svc) {
        services.add(svc);
        endService = svc;
        startService ??= svc;
      }
    }
    for (const ip of [h.src, h.dst, h.outer?.src, h.outer?.dst]) {
      if (!ip) continue;
      ips.add(ip);
      const owner = index?.addressOwners.get(ip);
      if (owner?.service) services.add(owner.service);
    }
    for (const port of [h.sport, h.dport, h.outer?.sport, h.outer?.dport]) if (port) ports.add(port);
    tuples.add(conversationTuple(h));
    for (const r of h.rewrites) {
      if (r.kind === 'BRIDGE') continue;
      const label = rewriteLabel(r);
      if (!rewrites.includes(label)) rewrites.push(label);
    }
  }
  const service = endService ?? startService ?? index?.addressOwners.get(last.dst)?.service ?? null;
  const src = endpoint(first.src, first.sport, first.proto);
  const dst = endpoint(first.dst, first.dport, first.proto);
  const finalDst = endpoint(last.dst, last.dport, last.proto);
  const v = journey.verdict;
  const problem = !!v?.problem && journey.trafficClass !== 'control';
  const verdictWords = v ? [v.state, v.answer, v.cause === 'NONE' ? '' : v.cause, v.expectedNext] : [];
  const text = [journey.id, journey.fp, first.proto, src, dst, finalDst, ...nodes, ...networks, ...services, ...rewrites, ...hops.map((h) => h.point), ...ips, ...verdictWords]
    .join(' ')
    .toLowerCase();
  return {
    journey, id: journey.id, startMs: Number(first.ts_ns / 1_000_000n), proto: first.proto, src, dst, finalDst,
    nodes, networks: [...networks], services: [...services], service, rewrites, ips, ports, tuples, problem, text,
  };
}

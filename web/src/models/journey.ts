// The page's journey model, made by api/decode.ts from the collector's one JSON shape: the proto's JSON mapping
// of docker_canvas.v1.Journey (api/wire.ts), as GET /api/v1/journeys, /api/v1/journeys/{id}, the stream's
// journey / journey_update frames and `canvas journeys --json` send it. A hop is flattened for the drawing
// (node, point, inner headers, outer headers); rewrite kinds lose their REWRITE_KIND_ prefix and gain the
// endpoint they changed (from the previous hop's headers); the fingerprint is 16 hex digits; latency_ns is
// the proto's since_previous where both hops share a node's clock.

/**
 * What happened to the packet between the previous hop and this one (collector's RewriteKind). UN_SNAT and
 * UN_DNAT are on replies: conntrack putting back the destination / source the request's SNAT / DNAT replaced.
 */
export type RewriteKind = 'DNAT' | 'SNAT' | 'ENCAP' | 'DECAP' | 'BRIDGE' | 'REDIRECT' | 'UN_SNAT' | 'UN_DNAT';

/** One header field a rewrite changed, named as in the contract ("inner.ip.dst", "outer.vni"). */
export interface FieldChange {
  field: string;
  /** "" where the field did not exist (outer headers before ENCAP). */
  before: string;
  after: string;
}

export interface Rewrite {
  kind: RewriteKind | string;
  /** Endpoint before the rewrite ("172.18.0.2:8001"), or "" when the collector did not say. */
  before: string;
  after: string;
  /** ENCAP/DECAP: the VXLAN network identifier; 0 otherwise or unknown. */
  vni: number;
  changes: FieldChange[];
}

/** Outer headers of a VXLAN-encapsulated packet as seen at this hop. */
export interface OuterHeaders {
  src: string;
  dst: string;
  sport: number;
  dport: number;
  vni: number;
}

export type Protocol = 'TCP' | 'UDP' | 'ICMP' | 'ICMPV6' | 'SCTP' | string;

export interface Hop {
  node: string;
  /** Canonical observation point: eth0, docker_gwbridge, ingress_sbox/eth1, <net>/br0, <net>/vxlan0, <ctr>/<if>. */
  point: string;
  /** Capture time in the node's own clock, ns since the epoch, exact (BigInt). */
  ts_ns: bigint;
  /** Time since the previous hop when both share a clock, else null (first hop, other node's clock). */
  latency_ns: number | null;
  rewrites: Rewrite[];
  /** VNI when the packet was encapsulated here, else 0. */
  vni: number;
  /** Inner (or only) IP and transport headers as seen here. */
  src: string;
  dst: string;
  sport: number;
  dport: number;
  proto: Protocol;
  ttl: number | null;
  ip_id: number | null;
  /** TCP flag bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, ...); null when not TCP or unknown. */
  tcp_flags: number | null;
  /** Outer headers when the packet was encapsulated at this point. */
  outer: OuterHeaders | null;
  /** The IPVS load balancer's choice this hop shows, when one made it (absent on most hops). */
  lb?: LoadBalancing | null;
}

/** One IPVS decision: where it ran, what the client sent to, which task got it. */
export interface LoadBalancing {
  node: string;
  namespace: string;
  vip: boolean;
  fwmark: number;
  virtual: string;
  chosen: string;
  task: string;
  task_node: string;
  scheduler: string;
  backends: number;
  /** "IPVS in ingress_sbox: fwmark 256 (172.17.0.2:8001) -> 10.0.0.6:8001 (task web.1 on node2), round-robin, 1 backend" */
  summary: string;
}

export interface Journey {
  id: string;
  /** NAT- and encapsulation-invariant fingerprint, as text (64-bit, hex). */
  fp: string;
  /** Overlay networks and services the collector found along the path. */
  networks: string[];
  services: string[];
  hops: Hop[];
  /** Whether the packet got where it was going; null for control-plane traffic or a journey not judged. */
  verdict: Verdict | null;
  /** 'data' | 'control' | 'dns' | 'overlay-control' | 'unknown' (a collector that does not classify). */
  trafficClass: string;
  /** False on a progressive form of a journey still being stitched; its final form has the same id. */
  complete: boolean;
}

/** One fact a verdict was concluded from (from_node, outer_dst, vni, ...), in the order the reason uses them. */
export interface VerdictFact {
  name: string;
  value: string;
}

export interface Verdict {
  /** 'DELIVERED' | 'STOPPED' | 'UNKNOWN'. */
  state: string;
  /** "node:point" of the last expected point that saw the packet; "" when none did. */
  lastPoint: string;
  /** "node:point" it should have reached next (STOPPED, or UNKNOWN because of kernel drops there); "" otherwise. */
  expectedNext: string;
  /** Stop cause without its enum prefix (VXLAN_DROPPED_BETWEEN_NODES, NO_LISTENER, ...); 'NONE' when none. */
  cause: string;
  /** The verdict in words, as the collector wrote it. */
  reason: string;
  /** For a request: 'ANSWERED' | 'UNANSWERED'; '' when it is not one. */
  answer: string;
  /** Stopped, unanswered, reset or without a listener: what the problems filter and count show. */
  problem: boolean;
  facts: VerdictFact[];
}

export interface JourneyPage {
  journeys: Journey[];
  kept: number;
  seen: number;
}

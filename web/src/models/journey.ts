// GET /api/v1/journeys, /api/v1/journeys/{id} and the stream's journey frames, after api/decode.ts.
// The collector's shape (collector/.../http/JourneyJson.java): {journeys: [{id, fp, networks, services,
// hops: [{node, point, ts_ns, latency_ns, rewrites: [{kind, before, after, vni, changes}], vni, src, dst,
// sport, dport, proto, ttl, ip_id, tcp_flags, outer}]}], kept, seen}. Field names stay as on the wire; the
// decoder only fixes what JSON cannot carry (64-bit nanosecond times) and spellings that may vary.

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
}

/** One fact a verdict was concluded from ("outer_dst" = "198.51.100.12:4789"), in order. */
export interface VerdictFact {
  name: string;
  value: string;
}

/** Whether the packet got where it was going (the contract's JourneyVerdict, enum prefixes stripped). */
export interface Verdict {
  /** DELIVERED, STOPPED or UNKNOWN. */
  state: string;
  /** "node:point" of the last expected point that saw the packet; "" when none did. */
  lastPoint: string;
  /** "node:point" it should have reached next; "" when not stopped. */
  expectedNext: string;
  /** StopCause without STOP_CAUSE_ (e.g. VXLAN_DROPPED_BETWEEN_NODES); "" when none. */
  cause: string;
  reason: string;
  /** For requests: whether the reply came; "" otherwise. */
  answer: 'ANSWERED' | 'UNANSWERED' | '';
  /** Stopped, unanswered, reset or without a listener: what the page counts as problems. */
  problem: boolean;
  facts: VerdictFact[];
}

export interface Journey {
  id: string;
  /** NAT- and encapsulation-invariant fingerprint, as text (64-bit, hex). */
  fp: string;
  /** Overlay networks and services the collector found along the path. */
  networks: string[];
  services: string[];
  hops: Hop[];
  /** null for control-plane traffic, which is never judged. */
  verdict: Verdict | null;
  /** 'data', 'control', 'dns', 'overlay-control', or 'unknown' from an older collector. */
  trafficClass: string;
  /** false on a progressive update of a journey still being stitched. */
  complete: boolean;
}

export interface JourneyPage {
  journeys: Journey[];
  kept: number;
  seen: number;
}

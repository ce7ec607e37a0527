// The collector's journeys on the wire: the proto's JSON mapping (protobuf-java-util, proto field names) of
// docker_canvas.v1.Journey in proto/src/main/proto/docker_canvas/v1/flow.proto, as REST (/api/v1/journeys,
// /api/v1/journeys/{id}), the stream's journey / journey_update frames and `canvas journeys --json` send it.
// One interface per message, `Wire` + the message's name, one optional field per proto field (the mapping
// leaves out default values: false, 0, "", enum 0, empty lists); 64-bit integers come as strings, enums by
// their full name, bytes as base64, google.protobuf.Duration as "1.000340s". wire.test.ts fails when these
// drift from the .proto. api/decode.ts turns them into the page's models (models/journey.ts).

export type Int64 = string;

export interface WireObservationPoint {
  node_id?: string;
  namespace_path?: string;
  interface_name?: string;
  interface_index?: number;
  name?: string;
  kind?: string;
}

export interface WireEthernet {
  src?: string;
  dst?: string;
  ether_type?: number;
  vlan_id?: number;
}

export interface WireIP {
  version?: string;
  src?: string;
  dst?: string;
  id?: number;
  ttl?: number;
  protocol?: number;
  length?: number;
  fragment?: boolean;
  fragment_offset?: number;
}

export interface WireTCP {
  src_port?: number;
  dst_port?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  payload_length?: number;
  window?: number;
}

export interface WireUDP {
  src_port?: number;
  dst_port?: number;
  length?: number;
}

export interface WireICMP {
  type?: number;
  code?: number;
  id?: number;
  seq?: number;
  v6?: boolean;
}

export interface WireHeaders {
  ethernet?: WireEthernet;
  ip?: WireIP;
  tcp?: WireTCP;
  udp?: WireUDP;
  icmp?: WireICMP;
}

export interface WireEncapsulation {
  ethernet?: WireEthernet;
  ip?: WireIP;
  udp?: WireUDP;
  vni?: number;
}

export interface WirePacketObservation {
  point?: WireObservationPoint;
  direction?: string;
  ts_ns?: Int64;
  caplen?: number;
  orig_len?: number;
  outer?: WireEncapsulation;
  inner?: WireHeaders;
  fingerprint?: Int64;
  /** base64 */
  frame_head?: string;
  snap_length?: number;
  link_type?: string;
  sampling_reason?: string;
  trace_filter_id?: string;
}

export interface WireFieldChange {
  field?: string;
  before?: string;
  after?: string;
}

export interface WireRewrite {
  /** REWRITE_KIND_DNAT, _SNAT, _ENCAP, _DECAP, _BRIDGE, _REDIRECT, _UN_SNAT, _UN_DNAT. */
  kind?: string;
  changes?: WireFieldChange[];
  vni?: number;
}

export interface WireHop {
  observation?: WirePacketObservation;
  rewrites?: WireRewrite[];
  /** google.protobuf.Duration: "0.000046s"; raw, across nodes it includes their clock offset. */
  since_previous?: string;
  /** The IPVS choice this hop shows (routing mesh in ingress_sbox, a VIP in lb_); absent elsewhere. */
  load_balancing?: WireLoadBalancing;
}

export interface WireLoadBalancing {
  node_id?: string;
  /** ingress_sbox, lb_<netid>, ... */
  namespace?: string;
  vip?: boolean;
  fwmark?: number;
  virtual_address?: string;
  virtual_port?: number;
  chosen_address?: string;
  chosen_port?: number;
  /** web.1; empty when unknown. */
  task?: string;
  task_node_id?: string;
  /** The kernel's scheduler name: rr, wlc, ... */
  scheduler?: string;
  backends?: number;
  summary?: string;
}

export interface WireVerdictFact {
  name?: string;
  value?: string;
}

export interface WireJourneyVerdict {
  state?: string;
  last_point?: string;
  expected_next?: string;
  cause?: string;
  facts?: WireVerdictFact[];
  reason?: string;
  answer?: string;
  problem?: boolean;
}

export interface WireJourney {
  id?: string;
  fingerprint?: Int64;
  hops?: WireHop[];
  network_names?: string[];
  service_names?: string[];
  verdict?: WireJourneyVerdict;
  traffic_class?: string;
  complete?: boolean;
}

/** GET /api/v1/journeys: not a proto message, the REST envelope around them. */
export interface WireJourneyPage {
  journeys?: WireJourney[];
  kept?: number;
  seen?: number;
}

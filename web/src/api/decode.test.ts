import { describe, expect, it } from 'vitest';
import { camelizeKeys, decodeHop, decodeJourney, decodeVerdict, durationNanos, trafficClassName, decodeStatus, decodeStreamEvent, decodeTopology, parseJson, protocolName, toNanos } from './decode';
import type { WireHop, WireJourneyVerdict } from './wire';
import { rawJourneys, rawTopology, recordedJourneys } from '../fixtures/recorded';

describe('decode', () => {
  it('decodeJourneyPage_recordedResponse_keepsHopsInOrderWithRewrites', () => {
    const page = recordedJourneys();
    expect(page.journeys).toHaveLength(6);
    const mesh = page.journeys[0];
    expect(mesh.hops.map((h) => h.point).slice(0, 4)).toEqual(['eth0', 'docker_gwbridge', 'ingress_sbox/eth1', 'ingress_sbox/eth0']);
    expect(mesh.hops[1].rewrites[0]).toEqual({
      kind: 'DNAT', before: '198.51.100.11:8001', after: '172.18.0.2:8001', vni: 0,
      changes: [{ field: 'inner.ip.dst', before: '198.51.100.11', after: '172.18.0.2' }],
    });
    expect(mesh).toMatchObject({ fp: '9d3a41c07be25f18', networks: ['ingress'], services: ['web'] });
    expect(mesh.hops[0].tcp_flags).toBe(2);
    expect(mesh.hops[6].outer).toEqual({ src: '198.51.100.11', dst: '198.51.100.12', sport: 34633, dport: 4789, vni: 4096 });
    expect(mesh.hops[0].latency_ns).toBeNull();
    expect(mesh.hops[1].latency_ns).toBe(46000);
  });

  it('decodeTopology_snakeCaseProtoNames_readAsCamelCase', () => {
    const t = decodeTopology({ nodes: [{ node: { id: 'n1', advertise_address: '198.51.100.11', underlay_interface: 'ens3' } }] });
    expect(t.nodes?.[0].node.advertiseAddress).toBe('198.51.100.11');
    expect(t.nodes?.[0].node.underlayInterface).toBe('ens3');
    expect(camelizeKeys({ a_b: [{ c_d: 1 }] })).toEqual({ aB: [{ cD: 1 }] });
  });

  it('decodeTopology_nodeWithoutId_failsNamingTheField', () => {
    expect(() => decodeTopology({ nodes: [{ node: {} }] })).toThrow('nodes[0].node.id');
    expect(() => decodeTopology('x')).toThrow('expected a JSON object');
  });

  const wireHop = (node: string, point: string, more: Partial<WireHop> = {}, inner: WireHop['observation'] = {}): WireHop => ({
    ...more,
    observation: { point: { node_id: node, name: point }, ts_ns: '1795785711000123456', ...inner },
  });

  it('decodeHop_udp_hasNoTcpFlags_andLatencyOnlyWithinOneNode', () => {
    const first = decodeHop(wireHop('a', 'eth0', {}, { inner: { ip: { protocol: 17 }, udp: { src_port: 53, dst_port: 40000 } } }));
    expect(first).toMatchObject({ proto: 'UDP', sport: 53, dport: 40000, tcp_flags: null, latency_ns: null });
    expect(decodeHop(wireHop('a', 'br0', { since_previous: '0.000046s' }), first).latency_ns).toBe(46000);
    expect(decodeHop(wireHop('a', 'br0', { since_previous: '-0.000003s' }), first).latency_ns).toBe(0);
    expect(decodeHop(wireHop('b', 'eth0', { since_previous: '0.000046s' }), first).latency_ns).toBeNull();
  });

  it('durationNanos_protoDurationJson', () => {
    expect(durationNanos('1.000340s')).toBe(1_000_340_000);
    expect(durationNanos('-0.5s')).toBe(-500_000_000);
    expect(durationNanos('3s')).toBe(3_000_000_000);
    expect(durationNanos(undefined)).toBeNull();
  });

  it('decodeHop_protoHopShape_readsObservationHeadersOuterAndRewrites', () => {
    const before = decodeHop(wireHop('n1', 'eth0', {}, { inner: { ip: { src: '198.51.100.100', dst: '203.0.113.11', ttl: 64, id: 7, protocol: 6 }, tcp: { src_port: 42478, dst_port: 8001, flags: 2 } } }));
    const after = decodeHop(
      wireHop(
        'n1',
        'docker_gwbridge',
        { rewrites: [{ kind: 'REWRITE_KIND_DNAT', changes: [{ field: 'inner.ip.dst', before: '203.0.113.11', after: '172.18.0.2' }] }], since_previous: '0.000010s' },
        { inner: { ip: { src: '198.51.100.100', dst: '172.18.0.2', ttl: 63, id: 7, protocol: 6 }, tcp: { src_port: 42478, dst_port: 80, flags: 2 } } },
      ),
      before,
    );
    expect(after).toMatchObject({ node: 'n1', point: 'docker_gwbridge', src: '198.51.100.100', dst: '172.18.0.2', sport: 42478, dport: 80, proto: 'TCP', ttl: 63, ip_id: 7, tcp_flags: 2, latency_ns: 10000, vni: 0, outer: null });
    expect(after.rewrites).toEqual([
      { kind: 'DNAT', before: '203.0.113.11:8001', after: '172.18.0.2:80', vni: 0, changes: [{ field: 'inner.ip.dst', before: '203.0.113.11', after: '172.18.0.2' }] },
    ]);
    const encap = decodeHop(
      wireHop('n1', 'eth0', { rewrites: [{ kind: 'REWRITE_KIND_ENCAP', vni: 4096 }] }, { inner: { ip: { protocol: 1 }, icmp: {} }, outer: { ip: { src: '198.51.100.11', dst: '198.51.100.12', protocol: 17 }, udp: { src_port: 34633, dst_port: 4789 }, vni: 4096 } }),
      after,
    );
    expect(encap).toMatchObject({ proto: 'ICMP', vni: 4096, outer: { src: '198.51.100.11', dst: '198.51.100.12', sport: 34633, dport: 4789, vni: 4096 } });
    expect(encap.rewrites[0]).toMatchObject({ kind: 'ENCAP', before: '', after: '198.51.100.11:34633 → 198.51.100.12:4789 vni 4096', vni: 4096 });
  });

  it('decodeTopology_recordedResponse_hasThreeNodes', () => {
    expect(decodeTopology(rawTopology).nodes?.map((n) => n.node.id)).toEqual(['node1', 'node2', 'node3']);
  });

  it('decodeHop_missingPoint_failsNamingJourneyAndHop', () => {
    expect(() => decodeJourney({ id: '7', hops: [wireHop('n1', 'eth0'), { observation: { point: { node_id: 'n1' } } }] })).toThrow('journey 7 hop 2: observation.point.name is missing');
    expect(() => decodeJourney({ id: '7', hops: [] })).toThrow('journey 7: no hops');
  });

  it('protocolName_numberOrEnumName_givesName', () => {
    expect(protocolName(6)).toBe('TCP');
    expect(protocolName('17')).toBe('UDP');
    expect(protocolName('PROTOCOL_ICMP')).toBe('ICMP');
    expect(protocolName(99)).toBe('proto 99');
  });

  it('toNanos_digitString_isExact', () => {
    expect(toNanos('1795785711000123457')).toBe(1795785711000123457n);
    expect(toNanos(1000)).toBe(1000n);
    expect(decodeHop(wireHop('a', 'eth0', {}, { ts_ns: '1795785711000123457' })).ts_ns).toBe(1795785711000123457n);
  });

  it('parseJson_bigTimestamp_isKeptOrRoundedButNeverLost', () => {
    const parsed = parseJson('{"ts_ns": 1795785711000123457}') as { ts_ns: unknown };
    // Exact where the runtime shows the reviver the source text, within 256 ns otherwise.
    const diff = toNanos(parsed.ts_ns) - 1795785711000123457n;
    expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(256n);
  });

  it('decodeStatus_nestedOrFlatCounters_bothRead', () => {
    expect(decodeStatus({ journeys: { kept: 5, seen: 9 }, lost_events: 2 })).toMatchObject({ kept: 5, seen: 9, lost: 2 });
    const s = decodeStatus({ agents: [{ node_id: 'node1', connected: false }], kept: 1, seen: 2, observations_per_s: 4.5 });
    expect(s.agents[0]).toMatchObject({ node: 'node1', connected: false });
    expect(s.observations_per_s).toBe(4.5);
  });

  it('decodeStreamEvent_journeyUpdateAndUnknownFrames', () => {
    const collectorFrame = decodeStreamEvent({ type: 'journey', journeys: rawJourneys.journeys.slice(1, 3) });
    expect(collectorFrame && collectorFrame.type === 'journey' && collectorFrame.journeys.map((j) => [j.id, j.complete])).toEqual([['1002', true], ['1003', true]]);
    // a journey still being stitched: the proto's JSON leaves complete: false out, the frame type says it
    const { complete: _, ...progressive } = rawJourneys.journeys[2];
    const update = decodeStreamEvent({ type: 'journey_update', journeys: [progressive] });
    expect(update && update.type === 'journey' && update.journeys.map((j) => [j.id, j.complete])).toEqual([['1003', false]]);
    expect(decodeStreamEvent({ type: 'heartbeat' })).toBeNull();
    expect(decodeStreamEvent({ type: 'lost', count: 3 })).toEqual({ type: 'lost', lost: 3 });
  });

  // A STOPPED verdict from the vxlan-drop demo scene, in the proto's JSON mapping.
  const wireVerdict: WireJourneyVerdict = {
    state: 'VERDICT_STATE_STOPPED',
    last_point: 'node1:eth0',
    expected_next: 'node2:eth0',
    cause: 'STOP_CAUSE_VXLAN_DROPPED_BETWEEN_NODES',
    facts: [{ name: 'from_node', value: 'node1' }, { name: 'to_node', value: 'node2' }, { name: 'outer_dst', value: '198.51.100.12:4789' }],
    reason: "encapsulated on node1 towards 198.51.100.12:4789, never reached node2's eth0",
    answer: 'VERDICT_STATE_UNANSWERED',
    problem: true,
  };

  it('decodeVerdict_protoJsonMapping_readsEveryField', () => {
    expect(decodeVerdict(wireVerdict)).toEqual({
      state: 'STOPPED', lastPoint: 'node1:eth0', expectedNext: 'node2:eth0', cause: 'VXLAN_DROPPED_BETWEEN_NODES',
      reason: wireVerdict.reason, answer: 'UNANSWERED', problem: true,
      facts: [{ name: 'from_node', value: 'node1' }, { name: 'to_node', value: 'node2' }, { name: 'outer_dst', value: '198.51.100.12:4789' }],
    });
  });

  it('decodeVerdict_deliveredWithoutRequest_defaults', () => {
    // the proto's JSON leaves out empty strings, false, enum 0 and empty lists
    expect(decodeVerdict({ state: 'VERDICT_STATE_DELIVERED', last_point: 'node2:web/eth0', reason: 'delivered' })).toEqual({
      state: 'DELIVERED', lastPoint: 'node2:web/eth0', expectedNext: '', cause: 'NONE', reason: 'delivered', answer: '', problem: false, facts: [],
    });
    expect(decodeVerdict({ answer: 'VERDICT_STATE_UNSPECIFIED', cause: 'STOP_CAUSE_UNSPECIFIED' })).toMatchObject({ state: 'UNKNOWN', cause: 'NONE', answer: '' });
    expect(decodeVerdict(null)).toBeNull();
    expect(decodeVerdict(undefined)).toBeNull();
  });

  it('decodeJourney_verdictClassCompleteAndFingerprint', () => {
    const hops = [wireHop('node1', 'eth0')];
    const stopped = decodeJourney({ id: '9', fingerprint: '11329440107571863320', hops, verdict: wireVerdict, traffic_class: 'TRAFFIC_CLASS_DATA' });
    expect(stopped).toMatchObject({ fp: '9d3a41c07be25f18', complete: false, trafficClass: 'data', verdict: { state: 'STOPPED', expectedNext: 'node2:eth0', problem: true } });
    const control = decodeJourney({ id: '9', hops, complete: true, traffic_class: 'TRAFFIC_CLASS_OVERLAY_CONTROL' });
    expect(control).toMatchObject({ complete: true, trafficClass: 'overlay-control', verdict: null });
    // the recording: final, not judged, not classified
    expect(recordedJourneys().journeys[0]).toMatchObject({ complete: true, verdict: null, trafficClass: 'unknown' });
  });

  it('trafficClassName_protoEnumNames', () => {
    expect(trafficClassName('TRAFFIC_CLASS_CONTROL')).toBe('control');
    expect(trafficClassName('TRAFFIC_CLASS_DATA')).toBe('data');
    expect(trafficClassName('TRAFFIC_CLASS_DNS')).toBe('dns');
    expect(trafficClassName('TRAFFIC_CLASS_OVERLAY_CONTROL')).toBe('overlay-control');
    expect(trafficClassName('TRAFFIC_CLASS_UNSPECIFIED')).toBe('unknown');
    expect(trafficClassName(undefined)).toBe('unknown');
  });
});

describe('decodeHop load balancing', () => {
  // The collector's JSON for an ingress_sbox hop of the VM lab's routing mesh (deploy/lab/sample-routing-mesh).
  const hop: WireHop = {
    observation: {
      point: { node_id: 'node1', name: 'ingress_sbox/eth0' },
      ts_ns: '1796523449897000000',
      inner: { ip: { src: '10.0.0.2', dst: '10.0.0.6', protocol: 6 }, tcp: { src_port: 56480, dst_port: 8001, flags: 2 } },
    },
    load_balancing: {
      node_id: 'node1',
      namespace: 'ingress_sbox',
      fwmark: 256,
      virtual_address: '172.17.0.2',
      virtual_port: 8001,
      chosen_address: '10.0.0.6',
      chosen_port: 8001,
      task: 'web.1',
      task_node_id: 'node2',
      scheduler: 'rr',
      backends: 1,
      summary: 'IPVS in ingress_sbox: fwmark 256 (172.17.0.2:8001) -> 10.0.0.6:8001 (task web.1 on node2), round-robin, 1 backend',
    },
  };

  it('keeps the IPVS choice: where, what was asked, which task', () => {
    const lb = decodeHop(hop).lb;
    expect(lb).toMatchObject({ namespace: 'ingress_sbox', vip: false, fwmark: 256, virtual: '172.17.0.2:8001', chosen: '10.0.0.6:8001', task: 'web.1', task_node: 'node2', backends: 1 });
  });

  it('has none where the collector named none', () => {
    expect(decodeHop({ ...hop, load_balancing: undefined }).lb).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { camelizeKeys, decodeHop, decodeJourney, decodeRewrite, decodeStatus, decodeStreamEvent, decodeTopology, decodeVerdict, parseJson, protocolName, toNanos, trafficClassName } from './decode';
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

  it('decodeHop_udp_hasNoTcpFlags_andNullLatencyIsUnknown', () => {
    const h = decodeHop({ node: 'a', point: 'eth0', proto: 'UDP', tcp_flags: 0, latency_ns: null });
    expect(h.tcp_flags).toBeNull();
    expect(h.latency_ns).toBeNull();
    expect(decodeHop({ node: 'a', point: 'eth0', latency_ns: -1 }).latency_ns).toBeNull();
  });

  it('decodeTopology_recordedResponse_hasThreeNodes', () => {
    expect(decodeTopology(rawTopology).nodes?.map((n) => n.node.id)).toEqual(['node1', 'node2', 'node3']);
  });

  it('decodeHop_missingPoint_failsNamingJourneyAndHop', () => {
    expect(() => decodeJourney({ id: '7', hops: [{ node: 'n1', point: 'eth0' }, { node: 'n1' }] })).toThrow('journey 7 hop 2: point is missing');
    expect(() => decodeJourney({ id: '7', hops: [] })).toThrow('journey 7: no hops');
  });

  it('decodeRewrite_plainString_readsKindAndVni', () => {
    expect(decodeRewrite('ENCAP 4097')).toEqual({ kind: 'ENCAP', before: '', after: '', vni: 4097, changes: [] });
    expect(decodeRewrite('dnat')).toMatchObject({ kind: 'DNAT', vni: 0 });
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
    expect(decodeHop({ node: 'a', point: 'eth0', ts_ns: '1795785711000123457' }).ts_ns).toBe(1795785711000123457n);
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

  it('decodeStreamEvent_journeyAndUnknownFrames', () => {
    const ev = decodeStreamEvent({ type: 'journey', journey: rawJourneys.journeys[2] });
    expect(ev?.type).toBe('journey');
    expect(ev && ev.type === 'journey' && ev.journeys[0].id).toBe('1003');
    expect(decodeStreamEvent({ type: 'journeys', data: { journeys: rawJourneys.journeys.slice(0, 2) } })).toMatchObject({ type: 'journey' });
    const collectorFrame = decodeStreamEvent({ type: 'journey', journeys: rawJourneys.journeys.slice(1, 3) });
    expect(collectorFrame && collectorFrame.type === 'journey' && collectorFrame.journeys.map((j) => j.id)).toEqual(['1002', '1003']);
    expect(decodeStreamEvent({ type: 'heartbeat' })).toBeNull();
    expect(decodeStreamEvent({ type: 'lost', count: 3 })).toEqual({ type: 'lost', lost: 3 });
  });
  it('decodeVerdict_protoJson_stripsPrefixesAndKeepsFactsInOrder', () => {
    const v = decodeVerdict({
      state: 'VERDICT_STATE_STOPPED',
      last_point: 'node1:eth0',
      expected_next: 'node2:eth0',
      cause: 'STOP_CAUSE_VXLAN_DROPPED_BETWEEN_NODES',
      facts: [{ name: 'from_node', value: 'node1' }, { name: 'outer_dst', value: '198.51.100.12:4789' }],
      reason: 'never reached node2',
      answer: 'VERDICT_STATE_UNANSWERED',
      problem: true,
    });
    expect(v).toEqual({
      state: 'STOPPED',
      lastPoint: 'node1:eth0',
      expectedNext: 'node2:eth0',
      cause: 'VXLAN_DROPPED_BETWEEN_NODES',
      reason: 'never reached node2',
      answer: 'UNANSWERED',
      problem: true,
      facts: [{ name: 'from_node', value: 'node1' }, { name: 'outer_dst', value: '198.51.100.12:4789' }],
    });
  });

  it('decodeVerdict_collectorJsonOfToday_factsObjectAndNoneCause', () => {
    const v = decodeVerdict({ state: 'DELIVERED', last_point: null, cause: 'NONE', facts: { n: '1' }, answer: null, problem: false });
    expect(v).toMatchObject({ state: 'DELIVERED', lastPoint: '', cause: '', answer: '', problem: false, facts: [{ name: 'n', value: '1' }] });
    expect(decodeVerdict(null)).toBeNull();
  });

  it('decodeJourney_trafficClassAndComplete', () => {
    const raw = rawJourneys.journeys[0] as Record<string, unknown>;
    const control = decodeJourney({ ...raw, traffic_class: 'TRAFFIC_CLASS_CONTROL', complete: false });
    expect(control.trafficClass).toBe('control');
    expect(control.complete).toBe(false);
    expect(control.verdict).toBeNull();
    expect(decodeJourney({ ...raw }).trafficClass).toBe(trafficClassName(undefined));
    expect(trafficClassName('TRAFFIC_CLASS_OVERLAY_CONTROL')).toBe('overlay-control');
    expect(trafficClassName(undefined)).toBe('unknown');
    expect(decodeJourney({ ...raw, complete: undefined }).complete).toBe(true);
  });
});

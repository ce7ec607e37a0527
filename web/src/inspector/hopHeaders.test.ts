import { describe, expect, it } from 'vitest';
import { describeRewrite, formatMicros, hopRows, tcpFlagNames } from './hopHeaders';
import { recordedJourneys } from '../fixtures/recorded';

const mesh = hopRows(recordedJourneys().journeys[0].hops);
const changed = (cells: { name: string; changed: boolean }[] | null) => (cells ?? []).filter((c) => c.changed).map((c) => c.name);

describe('hopRows', () => {
  it('hopRows_dnatOnTheManager_marksDestinationAndTtl', () => {
    expect(mesh[1].hop.point).toBe('docker_gwbridge');
    expect(changed(mesh[1].inner)).toEqual(['dst', 'ttl']);
    expect(mesh[1].deltaUs).toBe(46);
  });

  it('hopRows_ingressSboxDnatAndSnat_marksBothAddresses', () => {
    expect(changed(mesh[3].inner)).toEqual(['src', 'dst', 'ttl']);
  });

  it('hopRows_encap_outerHeadersAllNew_innerUnchanged', () => {
    const encap = mesh[6];
    expect(encap.outer?.map((c) => `${c.name}=${c.value}`)).toEqual(['src=198.51.100.11', 'sport=34633', 'dst=198.51.100.12', 'dport=4789', 'vni=4096']);
    expect(changed(encap.outer)).toEqual(['src', 'sport', 'dst', 'dport', 'vni']);
    expect(changed(encap.inner)).toEqual([]);
  });

  it('hopRows_crossingNodes_noDeltaBecauseClocksDiffer', () => {
    expect(mesh[7].crossesClock).toBe(true);
    expect(mesh[7].deltaUs).toBeNull();
    expect(changed(mesh[7].outer)).toEqual([]);
    expect(mesh[8].outer).toBeNull(); // decapsulated
    expect(mesh[0].deltaUs).toBeNull();
  });

  it('hopRows_tcpFlagsShown_neverMarkedAsRewritten', () => {
    expect(mesh[0].inner.find((c) => c.name === 'flags')?.value).toBe('SYN');
    expect(mesh.every((r) => !r.inner.find((c) => c.name === 'flags')?.changed)).toBe(true);
    expect(tcpFlagNames(0x12)).toBe('SYN ACK');
    expect(tcpFlagNames(0x18)).toBe('PSH ACK');
    expect(tcpFlagNames(0)).toBe('—');
  });

  it('describeRewrite_fieldChangesPreferred_elseEndpoints', () => {
    expect(describeRewrite(mesh[3].hop.rewrites[0])).toBe('ip.dst 172.18.0.2 → 10.0.0.108');
    expect(describeRewrite(mesh[6].hop.rewrites[0])).toBe('outer.ip.src 198.51.100.11 (new), outer.ip.dst 198.51.100.12 (new), outer.vni 4096 (new)');
    expect(describeRewrite(mesh[8].hop.rewrites[0])).toBe('outer.ip.src 198.51.100.11 (removed), outer.ip.dst 198.51.100.12 (removed), outer.vni 4096 (removed)');
    expect(describeRewrite({ kind: 'ENCAP', before: '', after: 'a:1 → b:4789 vni 7', vni: 7, changes: [] })).toBe('adds outer a:1 → b:4789 vni 7');
    expect(describeRewrite({ kind: 'SNAT', before: '10.0.0.2:1', after: '10.0.0.3:1', vni: 0, changes: [] })).toBe('10.0.0.2:1 → 10.0.0.3:1');
    expect(describeRewrite({ kind: 'BRIDGE', before: '', after: '', vni: 0, changes: [] })).toBe('');
  });

  it('describeRewrite_replyThroughTheRoutingMesh_saysWhichNatOfTheRequestItReverses', () => {
    const reply = hopRows(recordedJourneys().journeys[1].hops);
    const sandbox = reply.find((r) => r.hop.point === 'ingress_sbox/eth1')!;
    expect(sandbox.hop.rewrites.map(describeRewrite)).toEqual([
      "10.0.0.2:42478 → 198.51.100.100:42478 (reverse of the request's SNAT)",
      "10.0.0.108:8001 → 172.18.0.2:8001 (reverse of the request's DNAT)",
    ]);
    expect(describeRewrite({ kind: 'UN_DNAT', before: '', after: '', vni: 0, changes: [{ field: 'inner.ip.src', before: '172.17.0.3', after: '198.51.100.12' }] }))
      .toBe("ip.src 172.17.0.3 → 198.51.100.12 (reverse of the request's DNAT)");
  });

  it('formatMicros_units', () => {
    expect(formatMicros(null)).toBe('—');
    expect(formatMicros(4.25)).toBe('4.3 µs');
    expect(formatMicros(46)).toBe('46 µs');
    expect(formatMicros(1500)).toBe('1.50 ms');
  });
});

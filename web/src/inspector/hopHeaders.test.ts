import { describe, expect, it } from 'vitest';
import { formatMicros, hopRows } from './hopHeaders';
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

  it('formatMicros_units', () => {
    expect(formatMicros(null)).toBe('—');
    expect(formatMicros(4.25)).toBe('4.3 µs');
    expect(formatMicros(46)).toBe('46 µs');
    expect(formatMicros(1500)).toBe('1.50 ms');
  });
});

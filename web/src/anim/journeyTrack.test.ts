import { describe, expect, it } from 'vitest';
import { journeyPath, journeyTrack } from './journeyTrack';
import { positionAt } from './timeline';
import { indexTopology } from '../layout/topologyIndex';
import { anchorKey, layoutTopology } from '../layout/topologyLayout';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';

const layout = layoutTopology(indexTopology(recordedTopology()));
const [mesh] = recordedJourneys().journeys;

describe('journeyTrack', () => {
  it('journeyTrack_routingMesh_startsAtManagerNicEndsInWebTask', () => {
    const track = journeyTrack(layout, mesh);
    const p = { x: 0, y: 0 };
    positionAt(track, 0, p);
    expect(p).toEqual({ x: layout.columns[0].nic.x, y: layout.columns[0].nic.y });
    positionAt(track, track.duration, p);
    const web = layout.anchors.get(anchorKey('node2', 'web.1.x7kq2m9v4t8p1c6n3b5w0z2rj/eth0'))!;
    expect(p.x).toBeCloseTo(web.x);
    expect(p.y).toBeCloseTo(web.y);
  });

  it('journeyTrack_routingMesh_labelsWhereRewritesHappenInPathOrder', () => {
    const track = journeyTrack(layout, mesh);
    expect(track.labels.map((l) => l.text)).toEqual(['DNAT', 'DNAT + SNAT', 'ENCAP 4096', 'DECAP 4096']);
    const times = track.labels.map((l) => l.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // 10 legs, at least 160 ms each at the default slow-down: a few seconds on screen
    expect(track.duration).toBeGreaterThan(1600);
    expect(track.duration).toBeLessThan(6000);
  });

  it('journeyPath_crossNodeLeg_passesOverTheUnderlay', () => {
    const { legs } = journeyPath(layout, mesh);
    const crossing = legs[6]; // node1 eth0 (encapsulated) -> node2 eth0
    expect(crossing.some((p) => p.y === layout.underlay.y)).toBe(true);
  });
});

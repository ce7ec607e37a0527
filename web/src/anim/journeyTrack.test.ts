import { describe, expect, it } from 'vitest';
import { journeyPath, journeyTrack, splitPathPoint, stopBreak } from './journeyTrack';
import type { Journey } from '../models/journey';
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

  // The routing-mesh request as if node2 dropped its VXLAN: seen up to node1's eth0 (encapsulated), never on node2.
  const stoppedAtNode1 = (expectedNext: string): Journey => ({
    ...mesh,
    hops: mesh.hops.slice(0, 7),
    verdict: {
      state: 'STOPPED', lastPoint: 'node1:eth0', expectedNext, cause: 'VXLAN_DROPPED_BETWEEN_NODES',
      reason: "encapsulated on node1 towards 198.51.100.12:4789, never reached node2's eth0", answer: '', problem: true, facts: [],
    },
  });

  it('stopBreak_stoppedBetweenNodes_fromLastPointAcrossTheUnderlayToExpectedNext', () => {
    expect(mesh.hops[6]).toMatchObject({ node: 'node1', point: 'eth0' });
    const stop = stopBreak(layout, stoppedAtNode1('node2:eth0'))!;
    expect(stop.expectedNext).toBe('node2:eth0');
    const [from, to] = [stop.points[0], stop.points[stop.points.length - 1]];
    expect(from).toMatchObject({ x: layout.columns[0].nic.x, y: layout.columns[0].nic.y });
    expect(to).toMatchObject({ x: layout.columns[1].nic.x, y: layout.columns[1].nic.y });
    expect(stop.points.some((p) => p.y === layout.underlay.y)).toBe(true);
    expect(stop.mark.y).toBe(layout.underlay.y); // halfway is on the wire between the nodes
  });

  it('stopBreak_deliveredOrNoPointNamed_none', () => {
    expect(stopBreak(layout, mesh)).toBeNull();
    expect(stopBreak(layout, { ...mesh, verdict: { ...stoppedAtNode1('').verdict!, state: 'DELIVERED' } })).toBeNull();
    expect(stopBreak(layout, stoppedAtNode1(''))).toBeNull();
    expect(splitPathPoint('node2:wordpress_net/vxlan0')).toEqual({ node: 'node2', point: 'wordpress_net/vxlan0' });
    expect(splitPathPoint('eth0')).toBeNull();
  });

  it('journeyTrack_stopped_endsWithARedStoppedLabelAtTheLastHop', () => {
    const track = journeyTrack(layout, stoppedAtNode1('node2:eth0'));
    const last = track.labels[track.labels.length - 1];
    expect(last).toMatchObject({ text: '✕ stopped', at: track.duration, x: layout.columns[0].nic.x, color: '#ff5c5c' });
    expect(journeyTrack(layout, mesh).labels.some((l) => l.text.includes('stopped'))).toBe(false);
  });
});

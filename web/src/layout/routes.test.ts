import { describe, expect, it } from 'vitest';
import { indexTopology } from './topologyIndex';
import { anchorKey, layoutTopology } from './topologyLayout';
import { anchorFor, resolveAnchors, route } from './routes';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';

const layout = layoutTopology(indexTopology(recordedTopology()));
const at = (node: string, point: string) => layout.anchors.get(anchorKey(node, point))!;

describe('routes', () => {
  it('resolveAnchors_seedCaptureWithWirePseudoNode_putsWireOnTheUnderlayBetweenNodes', () => {
    const hops = [
      { node: 'node1', point: 'ingress/vxlan0' },
      { node: 'wire', point: 'mlabbr' },
      { node: 'node2', point: 'ingress/vxlan0' },
    ];
    const [a, wire, b] = resolveAnchors(layout, hops);
    expect(wire.kind).toBe('underlay');
    expect(wire.y).toBe(layout.underlay.y);
    expect(wire.x).toBeGreaterThan(layout.columns[0].uplinkX);
    expect(wire.x).toBeLessThan(layout.columns[1].uplinkX);
    expect(a.kind).toBe('vxlan0');
    expect(b.column).toBe(1);
  });

  it('resolveAnchors_outsideClient_atTheLeftEndOfTheUnderlay', () => {
    const [client] = resolveAnchors(layout, [{ node: 'client', point: 'eth0' }]);
    expect(client).toMatchObject({ kind: 'outside', x: layout.underlay.x1, y: layout.underlay.y });
  });

  it('anchorFor_shortTaskName_matchesTheDrawnContainer', () => {
    expect(anchorFor(layout, 'node2', 'web.1/eth2')).toBe(at('node2', 'web.1.x7kq2m9v4t8p1c6n3b5w0z2rj/eth2'));
    expect(anchorFor(layout, 'node2', 'ens3')).toBe(layout.columns[1].nic);
    expect(anchorFor(layout, 'node9', 'eth0')).toBeNull();
  });

  it('route_vxlan0ToOwnNic_runsUpTheConduitOnTheRight', () => {
    const path = route(layout, at('node1', 'ingress/vxlan0'), at('node1', 'eth0'));
    expect(path.some((p) => p.x === layout.columns[0].gutterX)).toBe(true);
    expect(path[path.length - 1]).toMatchObject({ x: layout.columns[0].nic.x, y: layout.columns[0].nic.y });
  });

  it('route_nicToNicOfAnotherNode_crossesOnTheUnderlay', () => {
    const path = route(layout, at('node1', 'eth0'), at('node2', 'eth0'));
    expect(path.filter((p) => p.y === layout.underlay.y)).toHaveLength(2);
  });

  it('route_containerToBr0_followsItsNetworkLane', () => {
    const c = at('node2', 'web.1.x7kq2m9v4t8p1c6n3b5w0z2rj/eth2');
    const br0 = at('node2', 'wordpress_net/br0');
    const laneX = layout.columns[1].lanes.get(br0.networkKey!)!;
    const path = route(layout, c, br0);
    expect(path.map((p) => p.x)).toEqual([c.x, laneX, laneX, br0.x]);
  });

  it('route_everyLegOfTheRecordedJourneys_isAPathOfAtLeastTwoPoints', () => {
    for (const j of recordedJourneys().journeys) {
      const anchors = resolveAnchors(layout, j.hops);
      for (let i = 1; i < anchors.length; i++) {
        const path = route(layout, anchors[i - 1], anchors[i]);
        if (anchors[i - 1] !== anchors[i]) expect(path.length).toBeGreaterThanOrEqual(2);
        expect(path[0]).toMatchObject({ x: anchors[i - 1].x, y: anchors[i - 1].y });
        expect(path[path.length - 1]).toMatchObject({ x: anchors[i].x, y: anchors[i].y });
      }
    }
  });
});

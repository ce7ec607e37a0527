import { describe, expect, it } from 'vitest';
import { indexTopology } from './topologyIndex';
import { GEOMETRY, anchorKey, layoutTopology, type LayoutBox } from './topologyLayout';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';
import { syntheticTopology } from '../fixtures/synthetic';

function overlaps(a: LayoutBox, b: LayoutBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

describe('layoutTopology', () => {
  const layout = layoutTopology(indexTopology(recordedTopology()));

  it('layoutTopology_lab_oneColumnPerNodeManagerLeftmost', () => {
    expect(layout.columns.map((c) => c.title)).toEqual(['node1 · manager', 'node2 · worker', 'node3 · worker']);
    expect(layout.columns[0].x).toBeLessThan(layout.columns[1].x);
    expect(layout.columns[1].x).toBeLessThan(layout.columns[2].x);
  });

  it('layoutTopology_lab_boxesOfEachNodeInSeedOrderTopToBottom', () => {
    for (const column of layout.columns) {
      const mine = layout.boxes.filter((b) => b.nodeId === column.nodeId);
      expect(mine.map((b) => b.kind)).toEqual(['nic', 'gwbridge', 'sbox', 'overlay', 'overlay', 'container']);
      for (let i = 1; i < mine.length; i++) expect(mine[i].y).toBeGreaterThanOrEqual(mine[i - 1].y + mine[i - 1].h);
    }
  });

  it('layoutTopology_overlayNamespace_showsBr0Vxlan0AndVni', () => {
    const wp = layout.boxes.find((b) => b.id === 'node3/ovl/p8w3n5m1r7wordpressnet00')!;
    expect(wp.title).toBe('wordpress_net');
    expect(wp.subtitle).toBe('netns · VNI 4097');
    expect(wp.chips.map((c) => `${c.label} ${c.detail}`)).toEqual(['br0 10.0.1.1', 'vxlan0 VNI 4097']);
  });

  it('layoutTopology_overlayRows_alignedAcrossColumnsAsBands', () => {
    const rowsY = (name: string) => layout.boxes.filter((b) => b.kind === 'overlay' && b.title === name).map((b) => b.y);
    expect(new Set(rowsY('ingress')).size).toBe(1);
    expect(new Set(rowsY('wordpress_net')).size).toBe(1);
    expect(layout.bands.map((b) => b.network.name)).toEqual(['ingress', 'wordpress_net']);
    for (const band of layout.bands) {
      expect(band.x).toBeLessThan(layout.columns[0].x);
      expect(band.x + band.w).toBeGreaterThan(layout.columns[2].x + layout.columns[2].w);
      // the band's label strip sits above its namespaces, and the band holds the tunnels below them
      const boxes = layout.boxes.filter((b) => b.kind === 'overlay' && b.title === band.network.name);
      expect(band.y + GEOMETRY.bandLabel).toBeLessThanOrEqual(boxes[0].y);
      const tunnels = layout.tunnels.filter((t) => t.networkKey === band.network.key);
      for (const t of tunnels) for (const p of t.points) expect(p.y).toBeLessThanOrEqual(band.y + band.h);
    }
  });

  it('layoutTopology_containers_titledByTaskWithAddressPerNetwork', () => {
    const web = layout.boxes.find((b) => b.kind === 'container' && b.nodeId === 'node2')!;
    expect(web.title).toBe('web.1');
    expect(web.subtitle).toBe('service web');
    expect(web.lines.map((l) => l.text)).toEqual(['eth0  10.0.0.108  ingress', 'eth1  172.18.0.3  gwbridge', 'eth2  10.0.1.3  wordpress_net']);
  });

  it('layoutTopology_everyPointOfTheRecordedJourneys_hasAnAnchor', () => {
    for (const j of recordedJourneys().journeys) {
      for (const h of j.hops) expect(layout.anchors.has(anchorKey(h.node, h.point)), `${h.node} ${h.point}`).toBe(true);
    }
  });

  it('layoutTopology_tunnels_arcBetweenVxlan0sBelowTheirBoxes', () => {
    expect(layout.tunnels).toHaveLength(6);
    const t = layout.tunnels.find((x) => x.vni === 4096 && x.from === 'node1' && x.to === 'node3')!;
    const from = layout.anchors.get(anchorKey('node1', 'ingress/vxlan0'))!;
    const to = layout.anchors.get(anchorKey('node3', 'ingress/vxlan0'))!;
    expect(t.points[0].x).toBeCloseTo(from.x);
    expect(t.points[t.points.length - 1].x).toBeCloseTo(to.x);
    const lowest = Math.max(...t.points.map((p) => p.y));
    expect(lowest).toBeGreaterThan(from.box!.y + from.box!.h);
    expect(layout.tunnels.filter((x) => x.label).map((x) => x.label)).toEqual(['VXLAN tunnel · VNI 4096', 'VXLAN tunnel · VNI 4097']);
  });

  it('layoutTopology_manyNodes_tunnelsDrawnAsOneMeshLinePerNetwork', () => {
    const l = layoutTopology(indexTopology(syntheticTopology(6, 1, 2)));
    const mesh = l.tunnels.filter((t) => t.label);
    expect(mesh.map((t) => t.label)).toEqual(['VXLAN mesh · VNI 4096 · 15 tunnels', 'VXLAN mesh · VNI 4097 · 15 tunnels']);
    expect(l.tunnels).toHaveLength(2 * (6 + 1)); // a drop per node and the line, per network
    const line = mesh[0].points;
    expect(line[0].x).toBeCloseTo(l.anchors.get(anchorKey('node1', 'ingress/vxlan0'))!.x);
    expect(line[1].x).toBeCloseTo(l.anchors.get(anchorKey('node6', 'ingress/vxlan0'))!.x);
  });

  it('layoutTopology_nodeWithoutIngressSbox_hasNoSboxBox', () => {
    const t = recordedTopology();
    t.nodes![2].namespaces = t.nodes![2].namespaces!.filter((ns) => ns.kind !== 'NAMESPACE_KIND_INGRESS_SBOX');
    const l = layoutTopology(indexTopology(t));
    expect(l.boxes.filter((b) => b.kind === 'sbox').map((b) => b.nodeId)).toEqual(['node1', 'node2']);
  });

  it.each([2, 10])('layoutTopology_%i nodes with 6 containers each_noBoxesOverlap', (nodes) => {
    const l = layoutTopology(indexTopology(syntheticTopology(nodes, 6, 3)));
    expect(l.columns).toHaveLength(nodes);
    expect(l.boxes.filter((b) => b.kind === 'container')).toHaveLength(nodes * 6);
    for (let i = 0; i < l.boxes.length; i++) {
      for (let k = i + 1; k < l.boxes.length; k++) expect(overlaps(l.boxes[i], l.boxes[k]), `${l.boxes[i].id} / ${l.boxes[k].id}`).toBe(false);
    }
    for (const b of l.boxes) {
      expect(b.x + b.w).toBeLessThanOrEqual(l.width);
      expect(b.y + b.h).toBeLessThanOrEqual(l.height);
    }
  });

  it('layoutTopology_nodeLeftOrDown_columnGreyedWithWhy', () => {
    const t = recordedTopology();
    t.nodes![1].node.presence = 'NODE_PRESENCE_DOWN';
    t.nodes![2].node.presence = 'NODE_PRESENCE_LEFT';
    const l = layoutTopology(indexTopology(t));
    expect(l.columns.map((c) => c.gone)).toEqual([null, 'agent disconnected', 'left the swarm']);
    expect(l.boxes.filter((b) => b.nodeId === 'node3').length).toBeGreaterThan(0);
  });

  it('layoutTopology_emptyTopology_isAnEmptyPicture', () => {
    const l = layoutTopology(indexTopology({}));
    expect(l.columns).toEqual([]);
    expect(l.boxes).toEqual([]);
  });
});

// VXLAN tunnels between the nodes' vxlan0s, from the tunnels the collector found in the FDBs: an arc per
// node pair under the network's namespaces, or, past a few nodes (where a full mesh of arcs becomes a rope),
// one mesh line with a drop to every vxlan0.
import type { NetworkView, TopologyIndex, TunnelPair } from './topologyIndex';
import { anchorKey, type Anchor, type Column } from './topologyLayout';
import type { Point } from './geometry';

export interface Tunnel {
  networkKey: string;
  vni: number | null;
  color: string;
  from: string;
  to: string;
  /** Points along the arc (or the mesh line), for drawing. */
  points: Point[];
  /** Text drawn at the middle of this tunnel, once per network. */
  label: string | null;
}

/** Above this many nodes a network's full mesh of arcs turns into a rope: draw it as one mesh line. */
export const MAX_NODES_FOR_ARCS = 4;

export function layoutTunnels(index: TopologyIndex, anchors: Map<string, Anchor>, columnByNode: Map<string, Column>): Tunnel[] {
  const out: Tunnel[] = [];
  const meshView = columnByNode.size > MAX_NODES_FOR_ARCS;
  for (const net of index.networks) {
    const pairs = index.tunnels.filter((t) => t.networkKey === net.key && columnByNode.has(t.a) && columnByNode.has(t.b));
    const vxlan = (node: string) => anchors.get(anchorKey(node, `${net.name}/vxlan0`));
    const vni = pairs[0]?.vni ?? net.vni;
    if (meshView) out.push(...meshLine(net, pairs, vxlan, vni));
    else {
      pairs.forEach((t, i) => {
        const a = vxlan(t.a);
        const b = vxlan(t.b);
        if (!a || !b) return;
        const [left, right] = a.x <= b.x ? [a, b] : [b, a];
        const distance = Math.abs(columnByNode.get(t.a)!.index - columnByNode.get(t.b)!.index);
        const dip = left.box!.y + left.box!.h + 14 + Math.min(distance, 4) * 5;
        out.push({
          networkKey: net.key, vni: t.vni, color: net.color, from: t.a, to: t.b,
          points: cubic({ x: left.x, y: left.y + 9 }, { x: left.x, y: dip }, { x: right.x, y: dip }, { x: right.x, y: right.y + 9 }),
          label: i === 0 ? `VXLAN tunnel · VNI ${vni ?? '?'}` : null,
        });
      });
    }
  }
  return out;
}

/** Many nodes: one line under the network's namespaces with a drop to every vxlan0 that has tunnels. */
function meshLine(net: NetworkView, pairs: TunnelPair[], vxlan: (node: string) => Anchor | undefined, vni: number | null): Tunnel[] {
  const nodes = [...new Set(pairs.flatMap((t) => [t.a, t.b]))].filter((n) => vxlan(n));
  if (nodes.length < 2) return [];
  const points = nodes.map((n) => vxlan(n)!);
  const y = points[0].box!.y + points[0].box!.h + 12;
  const xs = points.map((p) => p.x);
  const out: Tunnel[] = nodes.map((n, i) => ({
    networkKey: net.key, vni, color: net.color, from: n, to: n,
    points: [{ x: points[i].x, y: points[i].y + 9 }, { x: points[i].x, y }], label: null,
  }));
  out.push({
    networkKey: net.key, vni, color: net.color, from: nodes[0], to: nodes[nodes.length - 1],
    points: [{ x: Math.min(...xs), y }, { x: Math.max(...xs), y }],
    label: `VXLAN mesh · VNI ${vni ?? '?'} · ${pairs.length} tunnels`,
  });
  return out;
}

function cubic(p0: Point, p1: Point, p2: Point, p3: Point, steps = 24): Point[] {
  const pts: Point[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    pts.push({
      x: u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x,
      y: u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y,
    });
  }
  return pts;
}

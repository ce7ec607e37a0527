// Where each hop of a journey is drawn, and the path a packet takes between two hops: inside a node along
// the stack, the container lanes or the vxlan0 conduit; between nodes up to the underlay and across it.
import { parsePoint } from './points';
import { anchorKey, orthogonal, type Anchor, type Column, type TopologyLayout } from './topologyLayout';
import { dedupe, type Point } from './geometry';
import { GWBRIDGE_KEY } from './topologyIndex';

export interface HopRef {
  node: string;
  point: string;
}

/** Where a point of a known node is drawn; null for a node the topology does not have. */
export function anchorFor(layout: TopologyLayout, node: string, point: string): Anchor | null {
  const exact = layout.anchors.get(anchorKey(node, point));
  if (exact) return exact;
  const column = layout.columnByNode.get(node);
  if (!column) return null;
  const p = parsePoint(point);
  switch (p.kind) {
    case 'nic':
      return column.nic; // another host interface: drawn at the underlay NIC
    case 'gwbridge':
      return column.gwbridge ?? column.nic;
    case 'br0':
    case 'vxlan0':
      return null;
    case 'sandbox': {
      const sbox = layout.anchors.get(anchorKey(node, p.owner));
      if (sbox) return sbox;
      // Agents may name a task container by a shorter form ("web.1"); match the drawn container by prefix.
      for (const [key, a] of layout.anchors) {
        if (a.kind !== 'container' || !key.startsWith(node + '|')) continue;
        const name = key.slice(node.length + 1);
        if (name === `${p.owner}/${p.iface}` || (name.startsWith(p.owner + '.') && name.endsWith('/' + p.iface))) return a;
      }
      return null;
    }
  }
}

/**
 * Anchors for every hop. Hops at nodes outside the topology (a capture's underlay bridge such as `wire`, an
 * outside client) sit on the underlay line: between the neighbouring hops' columns, or at its left end.
 */
export function resolveAnchors(layout: TopologyLayout, hops: HopRef[]): Anchor[] {
  const known = hops.map((h) => anchorFor(layout, h.node, h.point));
  return known.map((a, i) => {
    if (a) return a;
    const prev = nearestColumn(layout, hops, known, i, -1);
    const next = nearestColumn(layout, hops, known, i, +1);
    const y = layout.underlay.y;
    if (prev && next && prev !== next) {
      return { x: (prev.uplinkX + next.uplinkX) / 2, y, kind: 'underlay', column: -1, box: null, networkKey: null };
    }
    const column = layout.columnByNode.get(hops[i].node);
    if (column) return { ...column.nic, kind: 'nic' }; // known node, unknown point: its NIC is the honest place
    return { x: layout.underlay.x1, y, kind: 'outside', column: -1, box: null, networkKey: null };
  });
}

function nearestColumn(layout: TopologyLayout, hops: HopRef[], known: (Anchor | null)[], i: number, step: number): Column | null {
  for (let k = i + step; k >= 0 && k < hops.length; k += step) {
    if (known[k]) return layout.columns[known[k]!.column] ?? null;
  }
  return null;
}

/** The drawn path from one hop to the next. */
export function route(layout: TopologyLayout, a: Anchor, b: Anchor): Point[] {
  if (a.column >= 0 && a.column === b.column) return dedupe(withinColumn(layout.columns[a.column], a, b));
  return dedupe([...toUnderlay(layout, a), ...toUnderlay(layout, b).reverse()]);
}

function toUnderlay(layout: TopologyLayout, a: Anchor): Point[] {
  const y = layout.underlay.y;
  if (a.column < 0) return [{ x: a.x, y: a.y }];
  const column = layout.columns[a.column];
  const nic = column.nic;
  const path = a.kind === 'nic' ? [{ x: a.x, y: a.y }] : withinColumn(column, a, nic);
  return [...path, { x: nic.x, y }];
}

function withinColumn(column: Column, a: Anchor, b: Anchor): Point[] {
  if (a.box && a.box === b.box) return [a, b];
  if (a.kind === 'container' || b.kind === 'container') {
    const [c, other] = a.kind === 'container' ? [a, b] : [b, a];
    const path = viaLane(column, c, other);
    return a === c ? path : path.reverse();
  }
  if ((a.kind === 'vxlan0' && b.kind === 'nic') || (a.kind === 'nic' && b.kind === 'vxlan0')) {
    const [vx, nic] = a.kind === 'vxlan0' ? [a, b] : [b, a];
    const path = [vx, { x: column.gutterX, y: vx.y }, { x: column.gutterX, y: nic.y }, nic];
    return a === vx ? path : path.reverse();
  }
  if ((a.kind === 'nic' || b.kind === 'nic') && (a.kind !== 'gwbridge' && b.kind !== 'gwbridge') && column.gwbridge) {
    // NIC to a namespace below docker_gwbridge: traffic is routed through the bridge, draw it that way.
    const [nic, other] = a.kind === 'nic' ? [a, b] : [b, a];
    const path = [nic, column.gwbridge, ...orthogonal(column.gwbridge, other)];
    return a === nic ? path : path.reverse();
  }
  return orthogonal(a, b);
}

/** Container to anything in its column: along the lane of the network they share. */
function viaLane(column: Column, c: Anchor, other: Anchor): Point[] {
  const key = other.kind === 'container' ? c.networkKey : other.networkKey ?? (other.kind === 'nic' ? GWBRIDGE_KEY : c.networkKey);
  const laneX = column.lanes.get(key ?? '') ?? column.lanes.get(GWBRIDGE_KEY)!;
  if (other.kind === 'nic' && column.gwbridge) {
    const gw = column.gwbridge;
    return [c, { x: laneX, y: c.y }, { x: laneX, y: gw.y }, gw, other];
  }
  return [c, { x: laneX, y: c.y }, { x: laneX, y: other.y }, other];
}

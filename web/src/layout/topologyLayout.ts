// Geometry of the canvas: one column per node (managers first), layered like the seed drawing from the
// underlay down: NIC, docker_gwbridge, ingress_sbox, one row per overlay network (its namespace with br0 and
// vxlan0), then the containers. Overlay rows line up across columns so each network reads as one band;
// containers hang off coloured lanes (one per network) on the column's left; a conduit on the column's right
// carries vxlan0's encapsulated traffic to the NIC; VXLAN tunnels arc between the vxlan0s.
import { GWBRIDGE_KEY, type IfaceView, type NetworkView, type NodeView, type TopologyIndex } from './topologyIndex';
import { layoutTunnels, type Tunnel } from './tunnels';
import { dedupe, type Point, type Rect } from './geometry';

export type { Tunnel } from './tunnels';

export const GEOMETRY = {
  marginLeft: 16,
  marginRight: 24,
  columnWidth: 250,
  columnGap: 40,
  underlayY: 26,
  columnTop: 50,
  headerHeight: 40,
  rowGap: 14,
  nicHeight: 34,
  gwHeight: 34,
  sboxHeight: 56,
  overlayHeight: 56,
  /** Strip above a network's namespaces where its band is labelled. */
  bandLabel: 20,
  overlayGap: 30,
  containerHeader: 22,
  containerLine: 16,
  containerGap: 10,
  laneSpacing: 7,
  gutter: 16,
  chipHeight: 18,
};

export type AnchorKind = 'nic' | 'gwbridge' | 'sbox' | 'br0' | 'vxlan0' | 'lb' | 'container' | 'underlay' | 'outside';

export interface Anchor extends Point {
  kind: AnchorKind;
  /** Column index, or -1 for points outside every node (underlay wire, external hosts). */
  column: number;
  /** The box the anchor sits in, for routing around it. */
  box: Rect | null;
  /** Network of the anchor (overlay key or docker_gwbridge) when it has one. */
  networkKey: string | null;
}

export type BoxKind = 'nic' | 'gwbridge' | 'sbox' | 'overlay' | 'container';

export interface Chip extends Rect {
  label: string;
  detail: string;
  color: string;
}

export interface LayoutBox extends Rect {
  id: string;
  kind: BoxKind;
  nodeId: string;
  title: string;
  subtitle: string;
  color: string;
  chips: Chip[];
  /** Container boxes: one line per interface, drawn with a port on the left edge. */
  lines: { text: string; y: number; color: string }[];
}

export interface Column extends Rect {
  nodeId: string;
  index: number;
  title: string;
  subtitle: string;
  /** Why the node is greyed out ("left the swarm"), or null while it is up. */
  gone: string | null;
  /** x of the vertical link from the NIC to the underlay, and of the encapsulation conduit. */
  uplinkX: number;
  gutterX: number;
  nic: Anchor;
  gwbridge: Anchor | null;
  /** x of each network's container lane in this column. */
  lanes: Map<string, number>;
}

export interface Band extends Rect {
  network: NetworkView;
}


export interface Wire {
  points: Point[];
  color: string;
  kind: 'stack' | 'lane' | 'conduit' | 'uplink';
}

export interface TopologyLayout {
  width: number;
  height: number;
  underlay: { y: number; x1: number; x2: number };
  columns: Column[];
  boxes: LayoutBox[];
  bands: Band[];
  tunnels: Tunnel[];
  wires: Wire[];
  networks: NetworkView[];
  /** "<node>|<point>" to where the point is drawn. */
  anchors: Map<string, Anchor>;
  columnByNode: Map<string, Column>;
}

export function anchorKey(node: string, point: string): string {
  return `${node}|${point}`;
}

function laneCount(index: TopologyIndex): number {
  return 1 + index.networks.length; // docker_gwbridge plus one per overlay
}

function chipRow(box: Rect, chips: { label: string; detail: string; color: string }[]): Chip[] {
  const g = GEOMETRY;
  const pad = 6;
  const w = (box.w - pad * (chips.length + 1)) / Math.max(chips.length, 1);
  const y = box.y + box.h - g.chipHeight - 6;
  return chips.map((c, i) => ({ ...c, x: box.x + pad + i * (w + pad), y, w, h: g.chipHeight }));
}

function chipCenter(c: Chip): Point {
  return { x: c.x + c.w / 2, y: c.y + c.h / 2 };
}

function addressText(i: IfaceView | null | undefined): string {
  return i?.addresses[0] ?? '';
}

/** Heights of the rows every column shares, so a network's namespaces line up across nodes. */
function rowPlan(index: TopologyIndex) {
  const g = GEOMETRY;
  let y = g.columnTop + g.headerHeight;
  const nicY = y;
  y += g.nicHeight + g.rowGap;
  const hasGw = index.nodes.some((n) => n.gwbridge);
  const gwY = hasGw ? y : null;
  if (hasGw) y += g.gwHeight + g.rowGap;
  const hasSbox = index.nodes.some((n) => n.sbox);
  const sboxY = hasSbox ? y : null;
  if (hasSbox) y += g.sboxHeight + g.rowGap + 8;
  const overlayY = new Map<string, number>();
  for (const net of index.networks) {
    y += g.bandLabel;
    overlayY.set(net.key, y);
    y += g.overlayHeight + g.overlayGap;
  }
  return { nicY, gwY, sboxY, overlayY, containersY: y + 4 };
}

export function layoutTopology(index: TopologyIndex): TopologyLayout {
  const g = GEOMETRY;
  const rows = rowPlan(index);
  const lanesWidth = 8 + laneCount(index) * g.laneSpacing;
  const networkByKey = new Map(index.networks.map((n) => [n.key, n]));
  const colorOf = (key: string | null) =>
    key === GWBRIDGE_KEY ? index.gwbridge.color : (key && networkByKey.get(key)?.color) || '#8a96a8';
  const anchors = new Map<string, Anchor>();
  const boxes: LayoutBox[] = [];
  const wires: Wire[] = [];
  const columns: Column[] = [];
  let bottom = rows.containersY;

  index.nodes.forEach((node, ci) => {
    const x = g.marginLeft + ci * (g.columnWidth + g.columnGap);
    const inner = { x: x + lanesWidth, w: g.columnWidth - lanesWidth - g.gutter };
    const gutterX = x + g.columnWidth - g.gutter / 2;
    const lanes = new Map<string, number>();
    lanes.set(GWBRIDGE_KEY, x + 8);
    index.networks.forEach((n, i) => lanes.set(n.key, x + 8 + (i + 1) * g.laneSpacing));
    const put = (key: string, a: Anchor) => anchors.set(anchorKey(node.id, key), a);

    const nicBox = box(node, 'nic', `${node.id}/nic`, { ...inner, y: rows.nicY, h: g.nicHeight }, node.nic.name, addressText(node.nic), '#8a96a8');
    const nic: Anchor = { x: nicBox.x + nicBox.w / 2, y: nicBox.y + nicBox.h / 2, kind: 'nic', column: ci, box: nicBox, networkKey: null };
    put(node.nic.name, nic);
    wires.push({ points: [{ x: nic.x, y: g.underlayY }, { x: nic.x, y: nicBox.y }], color: '#8a96a8', kind: 'uplink' });

    let gwAnchor: Anchor | null = null;
    if (node.gwbridge && rows.gwY !== null) {
      const b = box(node, 'gwbridge', `${node.id}/gw`, { ...inner, y: rows.gwY, h: g.gwHeight }, 'docker_gwbridge', addressText(node.gwbridge), index.gwbridge.color);
      gwAnchor = { x: b.x + b.w / 2, y: b.y + b.h / 2, kind: 'gwbridge', column: ci, box: b, networkKey: GWBRIDGE_KEY };
      put('docker_gwbridge', gwAnchor);
      wires.push({ points: [{ x: nic.x, y: nicBox.y + nicBox.h }, { x: nic.x, y: b.y }], color: '#8a96a8', kind: 'stack' });
    }

    if (node.sbox && rows.sboxY !== null) {
      const b = box(node, 'sbox', `${node.id}/sbox`, { ...inner, y: rows.sboxY, h: g.sboxHeight }, 'ingress_sbox', 'LB · SNAT', index.networks.find((n) => n.ingress)?.color ?? '#e8912d');
      // The gwbridge side first, so the inbound path reads left to right.
      const ifaces = [...node.sbox].sort((p, q) => Number(p.networkKey !== GWBRIDGE_KEY) - Number(q.networkKey !== GWBRIDGE_KEY));
      b.chips = chipRow(b, ifaces.map((i) => ({ label: i.name, detail: addressText(i), color: colorOf(i.networkKey) })));
      ifaces.forEach((i, k) => {
        const c = chipCenter(b.chips[k]);
        put(`ingress_sbox/${i.name}`, { ...c, kind: 'sbox', column: ci, box: b, networkKey: i.networkKey });
        if (i.networkKey === GWBRIDGE_KEY && gwAnchor) {
          wires.push({ points: [{ x: c.x, y: gwAnchor.box!.y + gwAnchor.box!.h }, { x: c.x, y: b.y }], color: index.gwbridge.color, kind: 'stack' });
        }
      });
      put('ingress_sbox', { x: b.x + b.w / 2, y: b.y + b.h / 2, kind: 'sbox', column: ci, box: b, networkKey: null });
    }

    for (const ov of node.overlays) {
      const net = networkByKey.get(ov.networkKey)!;
      const y = rows.overlayY.get(ov.networkKey)!;
      const vniText = ov.vni !== null ? `VNI ${ov.vni}` : 'VNI ?';
      const b = box(node, 'overlay', `${node.id}/ovl/${net.key}`, { ...inner, y, h: g.overlayHeight }, net.name, `netns · ${vniText}`, net.color);
      const chips = [{ label: 'br0', detail: addressText(ov.br0), color: net.color }];
      for (const lb of ov.loadBalancers) chips.push({ label: 'lb', detail: addressText(lb.ifaces[0]), color: net.color });
      chips.push({ label: 'vxlan0', detail: vniText, color: net.color });
      b.chips = chipRow(b, chips);
      const br0 = chipCenter(b.chips[0]);
      const vx = chipCenter(b.chips[b.chips.length - 1]);
      put(`${net.name}/br0`, { ...br0, kind: 'br0', column: ci, box: b, networkKey: net.key });
      put(`${net.name}/vxlan0`, { ...vx, kind: 'vxlan0', column: ci, box: b, networkKey: net.key });
      ov.loadBalancers.forEach((lb, k) => {
        const c = chipCenter(b.chips[1 + k]);
        for (const i of lb.ifaces) put(`${lb.name}/${i.name}`, { ...c, kind: 'lb', column: ci, box: b, networkKey: net.key });
      });
      // vxlan0 hands encapsulated frames to the underlay NIC: the conduit on the column's right.
      wires.push({
        points: [{ x: b.x + b.w, y: vx.y }, { x: gutterX, y: vx.y }, { x: gutterX, y: nic.y }, { x: nicBox.x + nicBox.w, y: nic.y }],
        color: net.color,
        kind: 'conduit',
      });
      if (net.ingress && node.sbox) {
        const sboxIngress = anchors.get(anchorKey(node.id, `ingress_sbox/${node.sbox.find((i) => i.networkKey === net.key)?.name}`));
        if (sboxIngress) wires.push({ points: orthogonal(sboxIngress, { ...br0 }), color: net.color, kind: 'stack' });
      }
    }

    let y = rows.containersY;
    const laneReach = new Map<string, number>();
    for (const c of node.containers) {
      const h = g.containerHeader + g.containerLine * Math.max(c.ifaces.length, 1) + 6;
      const title = c.shortName;
      const subtitle = c.service ? `service ${c.service}` : 'container';
      const b = box(node, 'container', `${node.id}/ctr/${c.name}`, { ...inner, y, h }, title, subtitle, c.service ? '#5b6b82' : '#7a7f87');
      c.ifaces.forEach((i, k) => {
        const ly = y + g.containerHeader + k * g.containerLine + g.containerLine / 2;
        const netName = i.networkKey === GWBRIDGE_KEY ? 'gwbridge' : networkByKey.get(i.networkKey ?? '')?.name ?? '?';
        b.lines.push({ text: `${i.name || '·'}  ${addressText(i)}  ${netName}`, y: ly, color: colorOf(i.networkKey) });
        const port: Anchor = { x: b.x + 5, y: ly, kind: 'container', column: ci, box: b, networkKey: i.networkKey };
        if (i.name) put(`${c.name}/${i.name}`, port);
        if (i.networkKey && lanes.has(i.networkKey)) {
          const laneX = lanes.get(i.networkKey)!;
          wires.push({ points: [{ x: laneX, y: ly }, { x: b.x, y: ly }], color: colorOf(i.networkKey), kind: 'lane' });
          laneReach.set(i.networkKey, Math.max(laneReach.get(i.networkKey) ?? 0, ly));
        }
      });
      put(c.name, { x: b.x + 5, y: y + g.containerHeader / 2, kind: 'container', column: ci, box: b, networkKey: null });
      y += h + g.containerGap;
    }
    bottom = Math.max(bottom, y);
    // Each lane runs from its bridge (br0, or docker_gwbridge) down to the last container on it.
    for (const [key, reach] of laneReach) {
      const laneX = lanes.get(key)!;
      const from = key === GWBRIDGE_KEY ? gwAnchor : anchors.get(anchorKey(node.id, `${networkByKey.get(key)?.name}/br0`));
      if (!from) continue;
      const entryX = from.kind === 'br0' ? from.x - 14 : from.box!.x;
      wires.push({ points: [{ x: entryX, y: from.y }, { x: laneX, y: from.y }, { x: laneX, y: reach }], color: colorOf(key), kind: 'lane' });
    }

    columns.push({
      x, y: g.columnTop, w: g.columnWidth, h: 0, nodeId: node.id, index: ci,
      title: `${node.id}${node.role !== 'unknown' ? ' · ' + node.role : ''}`,
      subtitle: [node.advertiseAddress, node.engineVersion && `engine ${node.engineVersion.split('+')[0]}`].filter(Boolean).join(' · '),
      uplinkX: nic.x, gutterX, nic, gwbridge: gwAnchor, lanes, gone: node.gone,
    });

    function box(n: NodeView, kind: BoxKind, id: string, r: Rect, title: string, subtitle: string, color: string): LayoutBox {
      const b: LayoutBox = { ...r, id, kind, nodeId: n.id, title, subtitle, color, chips: [], lines: [] };
      boxes.push(b);
      return b;
    }
  });

  const height = bottom + 16;
  for (const c of columns) c.h = height - 8 - c.y;
  const width = g.marginLeft + Math.max(columns.length, 1) * (g.columnWidth + g.columnGap) - g.columnGap + g.marginRight;
  const bands: Band[] = index.networks.map((n) => ({
    network: n, x: 4, y: rows.overlayY.get(n.key)! - g.bandLabel - 2, w: width - 8, h: g.bandLabel + g.overlayHeight + g.overlayGap - 4,
  }));
  const columnByNode = new Map(columns.map((c) => [c.nodeId, c]));
  return {
    width, height, underlay: { y: g.underlayY, x1: 8, x2: width - 8 },
    columns, boxes, bands, wires, networks: index.networks, anchors, columnByNode,
    tunnels: layoutTunnels(index, anchors, columnByNode),
  };
}

/** Right-angle route between two anchors in one column, turning in the gap between their boxes. */
export function orthogonal(a: Anchor | Point, b: Anchor | Point): Point[] {
  if (Math.abs(a.x - b.x) < 0.5 || Math.abs(a.y - b.y) < 0.5) return [a, b].map((p) => ({ x: p.x, y: p.y }));
  const boxA = 'box' in a ? a.box : null;
  const boxB = 'box' in b ? b.box : null;
  let midY = (a.y + b.y) / 2;
  if (boxA && boxB && boxA !== boxB) {
    const [upper, lower] = a.y < b.y ? [boxA, boxB] : [boxB, boxA];
    midY = (upper.y + upper.h + lower.y) / 2;
  }
  return dedupe([{ x: a.x, y: a.y }, { x: a.x, y: midY }, { x: b.x, y: midY }, { x: b.x, y: b.y }]);
}

// The cluster as the picture needs it: per node the layers of the seed drawing (underlay NIC, docker_gwbridge,
// ingress_sbox, one namespace per overlay, containers) and the networks that span nodes. No geometry here.
import type { ClusterTopology, Container, Interface, Namespace, Network, NodeTopology } from '../models/topology';
import { bareAddress, inSubnet } from './addresses';

export { bareAddress, inSubnet } from './addresses';

export const GWBRIDGE_KEY = 'docker_gwbridge';
const INGRESS_COLOR = '#e8912d';
const GWBRIDGE_COLOR = '#8a96a8';
const NETWORK_COLORS = ['#3f8cf0', '#22b07d', '#a365f2', '#e0527a', '#17a9c4', '#c9a21a', '#6f7ff5', '#d46a1f'];

export interface NetworkView {
  /** Network id, or the name when the id is unknown. */
  key: string;
  name: string;
  vni: number | null;
  subnets: string[];
  ingress: boolean;
  color: string;
}

export interface IfaceView {
  name: string;
  /** Addresses without the prefix length. */
  addresses: string[];
  /** Key of the network the interface sits on (an overlay, or docker_gwbridge), if known. */
  networkKey: string | null;
}

export interface OverlayView {
  networkKey: string;
  br0: IfaceView | null;
  vni: number | null;
  /** lb_<netid> sandboxes of this network on this node (service VIPs). */
  loadBalancers: { name: string; ifaces: IfaceView[] }[];
}

export interface ContainerView {
  id: string;
  name: string;
  /** Task containers "web.1.<task id>" read as "web.1". */
  shortName: string;
  service: string | null;
  ifaces: IfaceView[];
}

export interface NodeView {
  id: string;
  role: 'manager' | 'worker' | 'unknown';
  /** Why the node is drawn greyed, or null while it is up. */
  gone: 'left the swarm' | 'agent disconnected' | null;
  advertiseAddress: string;
  engineVersion: string;
  nic: IfaceView;
  gwbridge: IfaceView | null;
  sbox: IfaceView[] | null;
  overlays: OverlayView[];
  containers: ContainerView[];
}

export interface TunnelPair {
  networkKey: string;
  vni: number | null;
  a: string;
  b: string;
}

export interface TopologyIndex {
  nodes: NodeView[];
  /** Overlay networks with a namespace on at least one node: ingress first, then by name. */
  networks: NetworkView[];
  gwbridge: NetworkView;
  tunnels: TunnelPair[];
  networkByName: Map<string, NetworkView>;
  networkByVni: Map<number, NetworkView>;
  /** Container (by name) to the node and service it belongs to. */
  containers: Map<string, { nodeId: string; service: string | null }>;
  /** Address to the container owning it (overlay and gwbridge addresses repeat across nodes: overlay wins). */
  addressOwners: Map<string, { nodeId: string; container: string; service: string | null }>;
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true });
}

function roleOf(nt: NodeTopology): NodeView['role'] {
  if (nt.node.role === 'NODE_ROLE_MANAGER') return 'manager';
  if (nt.node.role === 'NODE_ROLE_WORKER') return 'worker';
  return 'unknown';
}

function collectNetworks(t: ClusterTopology): Map<string, Network> {
  const byId = new Map<string, Network>();
  for (const cn of t.networks ?? []) if (cn.network?.id) byId.set(cn.network.id, cn.network);
  for (const nt of t.nodes ?? []) for (const n of nt.networks ?? []) if (n.id && !byId.has(n.id)) byId.set(n.id, n);
  return byId;
}

function overlayNetworkViews(t: ClusterTopology, defs: Map<string, Network>): NetworkView[] {
  const present = new Map<string, number | null>();
  for (const nt of t.nodes ?? []) {
    for (const ns of nt.namespaces ?? []) {
      if (ns.kind !== 'NAMESPACE_KIND_OVERLAY' || !ns.networkId) continue;
      const vxlan = ns.interfaces?.find((i) => i.kind === 'INTERFACE_KIND_VXLAN' || i.name === 'vxlan0');
      present.set(ns.networkId, present.get(ns.networkId) ?? vxlan?.vxlan?.vni ?? null);
    }
  }
  const views = [...present.entries()].map(([id, nsVni]) => {
    const def = defs.get(id);
    return {
      key: id,
      name: def?.name ?? id.slice(0, 12),
      vni: def?.vnis?.[0] ?? nsVni,
      subnets: (def?.subnets ?? []).map((s) => s.cidr),
      ingress: def?.ingress ?? def?.name === 'ingress',
      color: '',
    };
  });
  views.sort((a, b) => (a.ingress === b.ingress ? naturalCompare(a.name, b.name) : a.ingress ? -1 : 1));
  let next = 0;
  for (const v of views) v.color = v.ingress ? INGRESS_COLOR : NETWORK_COLORS[next++ % NETWORK_COLORS.length];
  return views;
}

function gwbridgeView(defs: Map<string, Network>): NetworkView {
  const def = [...defs.values()].find((n) => n.name === GWBRIDGE_KEY);
  return {
    key: GWBRIDGE_KEY,
    name: GWBRIDGE_KEY,
    vni: null,
    subnets: (def?.subnets ?? []).map((s) => s.cidr),
    ingress: false,
    color: GWBRIDGE_COLOR,
  };
}

type NetworkOf = (addresses: string[], hint?: string) => string | null;

function ifaceView(i: Interface, networkOf: NetworkOf, hint?: string): IfaceView {
  const addresses = (i.addresses ?? []).map(bareAddress);
  return { name: i.name, addresses, networkKey: networkOf(addresses, hint) };
}

function shortContainerName(name: string, service: string | null): string {
  // Swarm names task containers <service>.<slot>.<task id>; the task id is noise in a drawing.
  const m = /^(.+\.\d+)\.[a-z0-9]{20,}$/.exec(name);
  return m ? m[1] : service && name.startsWith(service + '.') ? name.slice(0, 40) : name;
}

function containerViews(nt: NodeTopology, networkOf: NetworkOf): ContainerView[] {
  const sandboxes = (nt.namespaces ?? []).filter((ns) => ns.kind === 'NAMESPACE_KIND_CONTAINER');
  const seen = new Set<Namespace>();
  const views: ContainerView[] = (nt.containers ?? []).map((c: Container) => {
    const ns = sandboxes.find(
      (s) => (c.id && s.containerId === c.id) || (c.sandboxKey && s.path === c.sandboxKey) || s.containerName === c.name,
    );
    if (ns) seen.add(ns);
    const service = c.serviceName || null;
    const attachments = c.networks ?? [];
    const hintFor = (addresses: string[]) =>
      attachments.find((a) => (a.addresses ?? []).some((x) => addresses.includes(bareAddress(x))))?.networkId;
    const ifaces = ns
      ? (ns.interfaces ?? [])
          .filter((i) => i.kind !== 'INTERFACE_KIND_LOOPBACK' && i.name !== 'lo')
          .map((i) => ifaceView(i, networkOf, hintFor((i.addresses ?? []).map(bareAddress))))
      : attachments.map((a) => {
          const addresses = (a.addresses ?? []).map(bareAddress);
          return { name: '', addresses, networkKey: networkOf(addresses, a.networkId) };
        });
    return { id: c.id, name: c.name, shortName: shortContainerName(c.name, service), service, ifaces };
  });
  // A sandbox the agent entered but whose container the engine did not list: still drawn, by its name.
  for (const ns of sandboxes) {
    if (seen.has(ns)) continue;
    const name = ns.containerName || ns.name || ns.path;
    views.push({
      id: ns.containerId ?? name,
      name,
      shortName: shortContainerName(name, null),
      service: null,
      ifaces: (ns.interfaces ?? []).filter((i) => i.name !== 'lo').map((i) => ifaceView(i, networkOf)),
    });
  }
  views.sort((a, b) =>
    (a.service === null) === (b.service === null) ? naturalCompare(a.name, b.name) : a.service === null ? 1 : -1,
  );
  return views;
}

function goneOf(nt: NodeTopology): NodeView['gone'] {
  if (nt.node.presence === 'NODE_PRESENCE_LEFT') return 'left the swarm';
  if (nt.node.presence === 'NODE_PRESENCE_DOWN') return 'agent disconnected';
  return null;
}

function nodeView(nt: NodeTopology, networks: NetworkView[], networkOf: NetworkOf): NodeView {
  const namespaces = nt.namespaces ?? [];
  const host = namespaces.find((ns) => ns.kind === 'NAMESPACE_KIND_HOST');
  const hostIfaces = host?.interfaces ?? [];
  const advertise = nt.node.advertiseAddress ?? '';
  const nic =
    hostIfaces.find((i) => i.name === nt.node.underlayInterface) ??
    hostIfaces.find((i) => (i.addresses ?? []).some((a) => bareAddress(a) === advertise)) ??
    hostIfaces.find((i) => i.kind === 'INTERFACE_KIND_ETHERNET');
  const gw = hostIfaces.find((i) => i.name === GWBRIDGE_KEY);
  const sbox = namespaces.find((ns) => ns.kind === 'NAMESPACE_KIND_INGRESS_SBOX');
  const overlays: OverlayView[] = [];
  for (const net of networks) {
    const ns = namespaces.find((n) => n.kind === 'NAMESPACE_KIND_OVERLAY' && n.networkId === net.key);
    if (!ns) continue;
    const br0 = ns.interfaces?.find((i) => i.name === 'br0');
    const vxlan = ns.interfaces?.find((i) => i.kind === 'INTERFACE_KIND_VXLAN' || i.name === 'vxlan0');
    const loadBalancers = namespaces
      .filter((n) => n.kind === 'NAMESPACE_KIND_LOAD_BALANCER' && n.networkId === net.key)
      .map((n) => ({
        name: n.name ?? n.path,
        ifaces: (n.interfaces ?? []).filter((i) => i.name !== 'lo').map((i) => ifaceView(i, networkOf, net.key)),
      }));
    overlays.push({
      networkKey: net.key,
      br0: br0 ? ifaceView(br0, networkOf, net.key) : null,
      vni: vxlan?.vxlan?.vni ?? net.vni,
      loadBalancers,
    });
  }
  return {
    id: nt.node.id,
    role: roleOf(nt),
    gone: goneOf(nt),
    advertiseAddress: advertise,
    engineVersion: nt.node.engineVersion ?? '',
    nic: nic
      ? ifaceView(nic, () => null)
      : { name: nt.node.underlayInterface || 'eth0', addresses: advertise ? [advertise] : [], networkKey: null },
    gwbridge: gw ? ifaceView(gw, () => GWBRIDGE_KEY) : null,
    sbox: sbox ? (sbox.interfaces ?? []).filter((i) => i.name !== 'lo').map((i) => ifaceView(i, networkOf)) : null,
    overlays,
    containers: containerViews(nt, networkOf),
  };
}

function tunnelPairs(t: ClusterTopology, networks: NetworkView[]): TunnelPair[] {
  const pairs = new Map<string, TunnelPair>();
  for (const tn of t.tunnels ?? []) {
    if (!tn.localNodeId || !tn.remoteNodeId || !tn.networkId) continue;
    const [a, b] = [tn.localNodeId, tn.remoteNodeId].sort(naturalCompare);
    const key = `${tn.networkId}|${a}|${b}`;
    if (!pairs.has(key)) {
      const vni = tn.vni ?? networks.find((n) => n.key === tn.networkId)?.vni ?? null;
      pairs.set(key, { networkKey: tn.networkId, vni, a, b });
    }
  }
  return [...pairs.values()];
}

export function indexTopology(t: ClusterTopology): TopologyIndex {
  const defs = collectNetworks(t);
  const networks = overlayNetworkViews(t, defs);
  const gwbridge = gwbridgeView(defs);
  const networkOf: NetworkOf = (addresses, hint) => {
    if (hint && (networks.some((n) => n.key === hint) || hint === GWBRIDGE_KEY)) return hint;
    if (hint && defs.get(hint)?.name === GWBRIDGE_KEY) return GWBRIDGE_KEY;
    for (const n of [...networks, gwbridge]) {
      if (addresses.some((a) => n.subnets.some((s) => inSubnet(a, s)))) return n.key;
    }
    return null;
  };
  const nodes = (t.nodes ?? [])
    .filter((nt) => nt.node?.id)
    .map((nt) => nodeView(nt, networks, networkOf))
    .sort((a, b) => (a.role === 'manager') === (b.role === 'manager') ? naturalCompare(a.id, b.id) : a.role === 'manager' ? -1 : 1);
  const containers = new Map<string, { nodeId: string; service: string | null }>();
  const addressOwners = new Map<string, { nodeId: string; container: string; service: string | null }>();
  for (const n of nodes) {
    for (const c of n.containers) {
      containers.set(c.name, { nodeId: n.id, service: c.service });
      for (const i of c.ifaces) {
        if (i.networkKey === GWBRIDGE_KEY) continue; // 172.x addresses repeat on every node
        for (const a of i.addresses) addressOwners.set(a, { nodeId: n.id, container: c.name, service: c.service });
      }
    }
  }
  return {
    nodes,
    networks,
    gwbridge,
    tunnels: tunnelPairs(t, networks),
    networkByName: new Map(networks.map((n) => [n.name, n])),
    networkByVni: new Map(networks.filter((n) => n.vni !== null).map((n) => [n.vni as number, n])),
    containers,
    addressOwners,
  };
}

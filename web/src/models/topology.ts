// GET /api/v1/topology: ClusterTopology (proto/src/main/proto/docker_canvas/v1/topology.proto) as protobuf
// JSON. Protobuf JSON leaves out default values, so every field but the identifying ones is optional; the
// decoder (api/decode.ts) accepts snake_case names too and hands these camelCase shapes to the page.

export type NodeRole = 'NODE_ROLE_UNSPECIFIED' | 'NODE_ROLE_MANAGER' | 'NODE_ROLE_WORKER';

// The collector's view: DOWN when the node's agent stream ended, LEFT when its engine left the swarm.
export type NodePresence = 'NODE_PRESENCE_UNSPECIFIED' | 'NODE_PRESENCE_UP' | 'NODE_PRESENCE_DOWN' | 'NODE_PRESENCE_LEFT';

export type NamespaceKind =
  | 'NAMESPACE_KIND_UNSPECIFIED'
  | 'NAMESPACE_KIND_HOST'
  | 'NAMESPACE_KIND_INGRESS_SBOX'
  | 'NAMESPACE_KIND_OVERLAY'
  | 'NAMESPACE_KIND_LOAD_BALANCER'
  | 'NAMESPACE_KIND_CONTAINER';

export type InterfaceKind =
  | 'INTERFACE_KIND_UNSPECIFIED'
  | 'INTERFACE_KIND_BRIDGE'
  | 'INTERFACE_KIND_VXLAN'
  | 'INTERFACE_KIND_VETH'
  | 'INTERFACE_KIND_ETHERNET'
  | 'INTERFACE_KIND_LOOPBACK'
  | 'INTERFACE_KIND_OTHER';

export interface Node {
  id: string;
  hostname?: string;
  role?: NodeRole;
  swarmNodeId?: string;
  advertiseAddress?: string;
  underlayInterface?: string;
  engineVersion?: string;
  lastSeen?: string;
  dataPathPort?: number;
  presence?: NodePresence;
}

export interface VxlanInfo {
  vni?: number;
  port?: number;
  localAddress?: string;
}

export interface FdbEntry {
  mac?: string;
  dst?: string;
  vlan?: number;
  permanent?: boolean;
  self?: boolean;
}

export interface Interface {
  name: string;
  index?: number;
  kind?: InterfaceKind;
  linkKind?: string;
  mac?: string;
  mtu?: number;
  master?: string;
  peerIndex?: number;
  peerNamespace?: string;
  addresses?: string[];
  up?: boolean;
  vxlan?: VxlanInfo;
  fdb?: FdbEntry[];
}

export interface Namespace {
  path: string;
  kind?: NamespaceKind;
  name?: string;
  networkId?: string;
  containerId?: string;
  containerName?: string;
  taskId?: string;
  interfaces?: Interface[];
}

export interface Subnet {
  cidr: string;
  gateway?: string;
}

export interface NetworkPeer {
  name?: string;
  address?: string;
}

export interface Network {
  id: string;
  name: string;
  driver?: string;
  scope?: string;
  vnis?: number[];
  subnets?: Subnet[];
  attachable?: boolean;
  ingress?: boolean;
  internal?: boolean;
  peers?: NetworkPeer[];
}

export interface NetworkAttachment {
  networkId?: string;
  networkName?: string;
  addresses?: string[];
  mac?: string;
}

export interface PublishedPort {
  protocol?: string;
  targetPort?: number;
  publishedPort?: number;
  publishMode?: string;
}

export interface Service {
  id: string;
  name: string;
  mode?: string;
  replicas?: string | number;
  endpointMode?: string;
  publishedPorts?: PublishedPort[];
  virtualIps?: NetworkAttachment[];
  image?: string;
  stack?: string;
}

export interface Task {
  id: string;
  serviceId?: string;
  slot?: number;
  swarmNodeId?: string;
  containerId?: string;
  state?: string;
  networks?: NetworkAttachment[];
}

export interface Container {
  id: string;
  name: string;
  image?: string;
  taskId?: string;
  serviceId?: string;
  serviceName?: string;
  sandboxKey?: string;
  networks?: NetworkAttachment[];
}

export interface NodeTopology {
  node: Node;
  namespaces?: Namespace[];
  networks?: Network[];
  services?: Service[];
  tasks?: Task[];
  containers?: Container[];
  takenAt?: string;
}

export interface ClusterNetwork {
  network: Network;
  nodeIds?: string[];
}

export interface VxlanTunnel {
  networkId?: string;
  vni?: number;
  port?: number;
  localNodeId?: string;
  localVtep?: string;
  remoteNodeId?: string;
  remoteVtep?: string;
}

export interface ClusterTopology {
  nodes?: NodeTopology[];
  networks?: ClusterNetwork[];
  services?: Service[];
  tasks?: Task[];
  tunnels?: VxlanTunnel[];
  updatedAt?: string;
}

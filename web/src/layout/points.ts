// Canonical observation point names, parsed the way the collector does (ObservationPoint.java):
// `eth0` (underlay NIC by its name), `docker_gwbridge`, `ingress_sbox/<if>`, `<network>/br0`,
// `<network>/vxlan0`, `<container or lb_ sandbox>/<if>`.

export type PointKind = 'nic' | 'gwbridge' | 'sandbox' | 'br0' | 'vxlan0';

export interface ParsedPoint {
  kind: PointKind;
  /** Network name for br0/vxlan0, sandbox or container name for a sandbox, '' otherwise. */
  owner: string;
  iface: string;
}

export const GATEWAY_BRIDGE = 'docker_gwbridge';
export const INGRESS_SANDBOX = 'ingress_sbox';

export function parsePoint(point: string): ParsedPoint {
  const slash = point.indexOf('/');
  if (slash < 0) {
    return { kind: point === GATEWAY_BRIDGE ? 'gwbridge' : 'nic', owner: '', iface: point };
  }
  const owner = point.slice(0, slash);
  const iface = point.slice(slash + 1);
  if (iface === 'br0') return { kind: 'br0', owner, iface };
  if (iface === 'vxlan0') return { kind: 'vxlan0', owner, iface };
  return { kind: 'sandbox', owner, iface };
}

// A click on a box of the drawing filters the table by it: its node, and what the box is (the network of an
// overlay namespace or docker_gwbridge, a container's service, ingress_sbox's point). Other filters on what
// a journey is (addresses, ports, text) are cleared; problems, control-plane and the time window stay.
import type { LayoutBox } from '../layout/topologyLayout';
import { GWBRIDGE_KEY } from '../layout/topologyIndex';
import type { FlowFilter } from './filter';

export function filterByBox(current: FlowFilter, box: Pick<LayoutBox, 'kind' | 'nodeId' | 'title' | 'subtitle'>): FlowFilter {
  const base: FlowFilter = { ...current, node: box.nodeId, service: '', network: '', protocol: '', port: '', ip: '', text: '' };
  switch (box.kind) {
    case 'gwbridge':
      return { ...base, network: GWBRIDGE_KEY };
    case 'sbox':
      return { ...base, text: 'ingress_sbox' };
    case 'overlay':
      return { ...base, network: box.title };
    case 'container': {
      const service = /^service (.+)$/.exec(box.subtitle)?.[1];
      return service ? { ...base, service } : { ...base, text: box.title };
    }
    case 'nic':
      return base;
  }
}

import { describe, expect, it } from 'vitest';
import { GWBRIDGE_KEY, inSubnet, indexTopology } from './topologyIndex';
import { recordedTopology } from '../fixtures/recorded';
import type { ClusterTopology } from '../models/topology';

describe('indexTopology', () => {
  const index = indexTopology(recordedTopology());

  it('indexTopology_lab_managerFirstThenNodesInNaturalOrder', () => {
    const shuffled: ClusterTopology = { ...recordedTopology() };
    shuffled.nodes = [...shuffled.nodes!].reverse();
    expect(indexTopology(shuffled).nodes.map((n) => `${n.id}:${n.role}`)).toEqual(['node1:manager', 'node2:worker', 'node3:worker']);
  });

  it('indexTopology_lab_ingressFirstWithVnis', () => {
    expect(index.networks.map((n) => `${n.name}:${n.vni}`)).toEqual(['ingress:4096', 'wordpress_net:4097']);
    expect(index.networkByVni.get(4097)?.name).toBe('wordpress_net');
  });

  it('indexTopology_lab_layersOfEachNode', () => {
    const node2 = index.nodes[1];
    expect(node2.nic).toMatchObject({ name: 'eth0', addresses: ['198.51.100.12'] });
    expect(node2.gwbridge?.addresses).toEqual(['172.18.0.1']);
    expect(node2.sbox?.map((i) => `${i.name}:${i.networkKey === GWBRIDGE_KEY ? 'gw' : index.networks.find((n) => n.key === i.networkKey)?.name}`)).toEqual(['eth0:ingress', 'eth1:gw']);
    expect(node2.overlays.map((o) => `${index.networks.find((n) => n.key === o.networkKey)?.name}:${o.vni}:${o.br0?.addresses[0]}`)).toEqual([
      'ingress:4096:10.0.0.1',
      'wordpress_net:4097:10.0.1.1',
    ]);
  });

  it('indexTopology_taskContainer_interfacesOnTheirNetworksAndShortName', () => {
    const web = index.nodes[1].containers[0];
    expect(web.shortName).toBe('web.1');
    expect(web.service).toBe('web');
    expect(web.ifaces.map((i) => `${i.name} ${i.addresses[0]} ${i.networkKey === GWBRIDGE_KEY ? 'gw' : index.networks.find((n) => n.key === i.networkKey)?.name}`)).toEqual([
      'eth0 10.0.0.108 ingress',
      'eth1 172.18.0.3 gw',
      'eth2 10.0.1.3 wordpress_net',
    ]);
    expect(index.addressOwners.get('10.0.1.4')).toMatchObject({ nodeId: 'node3', service: 'db' });
    expect(index.addressOwners.has('172.18.0.3')).toBe(false);
  });

  it('indexTopology_tunnelsBothDirections_onePairPerNetwork', () => {
    expect(index.tunnels).toHaveLength(6); // 3 node pairs x 2 networks
    expect(index.tunnels.filter((t) => t.vni === 4097).map((t) => `${t.a}-${t.b}`)).toEqual(['node1-node2', 'node1-node3', 'node2-node3']);
  });

  it('indexTopology_sandboxWithoutContainerEntry_stillDrawnByName', () => {
    const t = recordedTopology();
    t.nodes![0].containers = [];
    const client = indexTopology(t).nodes[0].containers;
    expect(client.map((c) => c.name)).toEqual(['client']);
  });

  it('inSubnet_boundaries', () => {
    expect(inSubnet('10.0.1.255', '10.0.1.0/24')).toBe(true);
    expect(inSubnet('10.0.2.0', '10.0.1.0/24')).toBe(false);
    expect(inSubnet('172.18.200.3', '172.18.0.0/16')).toBe(true);
    expect(inSubnet('fd00::1', '10.0.0.0/8')).toBe(false);
  });
});

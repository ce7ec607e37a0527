import { describe, expect, it } from 'vitest';
import { filterByBox } from './boxFilter';
import { NO_FILTER, matches } from './filter';
import { summarize } from './summary';
import { indexTopology } from '../layout/topologyIndex';
import { layoutTopology } from '../layout/topologyLayout';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';

const index = indexTopology(recordedTopology());
const layout = layoutTopology(index);
const rows = recordedJourneys().journeys.map((j) => summarize(j, index));
const box = (id: string) => layout.boxes.find((b) => b.id === id)!;
const shown = (id: string) => rows.filter((s) => matches(s, filterByBox(NO_FILTER, box(id)))).map((s) => s.id);

describe('filter by a box of the drawing', () => {
  it('filterByBox_eachKind_filtersByWhatTheBoxIs', () => {
    const web = layout.boxes.find((b) => b.kind === 'container' && b.nodeId === 'node2')!;
    expect(filterByBox(NO_FILTER, web)).toMatchObject({ node: 'node2', service: 'web' });
    const overlay = layout.boxes.find((b) => b.kind === 'overlay' && b.nodeId === 'node1')!;
    expect(filterByBox(NO_FILTER, overlay)).toMatchObject({ node: 'node1', network: overlay.title });
    expect(filterByBox(NO_FILTER, box('node1/gw'))).toMatchObject({ node: 'node1', network: 'docker_gwbridge' });
    expect(filterByBox(NO_FILTER, box('node1/sbox'))).toMatchObject({ node: 'node1', text: 'ingress_sbox' });
    expect(filterByBox(NO_FILTER, box('node3/nic'))).toEqual({ ...NO_FILTER, node: 'node3' });
  });

  it('filterByBox_keepsProblemsControlAndWindow_clearsTheRest', () => {
    const f = filterByBox({ ...NO_FILTER, problems: true, control: true, since: '5m', port: '80', text: 'x' }, box('node2/nic'));
    expect(f).toEqual({ ...NO_FILTER, node: 'node2', problems: true, control: true, since: '5m' });
  });

  it('filterByBox_recordedJourneys_theRoutingMeshRequestCrossesNode1sGwbridge', () => {
    expect(shown('node1/gw')).toContain('1001');
    expect(shown('node1/sbox')).toContain('1001');
    expect(shown('node3/nic').every((id) => rows.find((s) => s.id === id)!.nodes.includes('node3'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { journeysCsv, journeysJson } from './export';
import { summarize } from './summary';
import { indexTopology } from '../layout/topologyIndex';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';
import { decodeJourneyPage, parseJson } from '../api/decode';

const index = indexTopology(recordedTopology());
const [mesh, synAck] = recordedJourneys().journeys;
const stopped = {
  ...mesh,
  verdict: { state: 'STOPPED', lastPoint: 'node1:eth0', expectedNext: 'node2:eth0', cause: 'VXLAN_DROPPED_BETWEEN_NODES', reason: 'encapsulated on node1, "never" reached node2, dropped', answer: 'UNANSWERED', problem: true, facts: [] },
};
const list = [summarize(stopped, index), summarize(synAck, index)];

describe('export', () => {
  it('journeysCsv_oneRowPerJourney_quotedWhereNeeded', () => {
    const lines = journeysCsv(list).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('id,time,class,verdict,answer,problem,cause,last_point,expected_next,proto,src,dst,final_dst,service,nodes,networks,rewrites,hops,reason');
    expect(lines[1]).toContain('1001,');
    expect(lines[1]).toContain(',unknown,STOPPED,UNANSWERED,true,VXLAN_DROPPED_BETWEEN_NODES,node1:eth0,node2:eth0,TCP,198.51.100.100:42478,');
    expect(lines[1].endsWith(',"encapsulated on node1, ""never"" reached node2, dropped"')).toBe(true);
    expect(lines[2]).toContain(',false,');
  });

  it('journeysJson_exactTimes_readBackByTheDecoder', () => {
    const text = journeysJson(list);
    const back = decodeJourneyPage(parseJson(text));
    expect(back.journeys.map((j) => j.id)).toEqual(['1001', '1002']);
    expect(back.journeys[0].hops[0].ts_ns).toBe(mesh.hops[0].ts_ns);
    expect(back.journeys[0].verdict).toEqual(stopped.verdict);
    // the same journeys as the collector sent them: one shape
    expect(back.journeys[1]).toEqual(synAck);
    expect(back.journeys[0]).toEqual(stopped);
  });
});

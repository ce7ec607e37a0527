import { describe, expect, it } from 'vitest';
import { NO_FILTER, countControl, countProblems, filterChoices, matches, parseWhen, sortSummaries } from './filter';
import type { Journey, Verdict } from '../models/journey';
import { conversationTuple, summarize } from './summary';
import { indexTopology } from '../layout/topologyIndex';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';

const index = indexTopology(recordedTopology());
const rows = recordedJourneys().journeys.map((j) => summarize(j, index));
const ids = (f: Partial<typeof NO_FILTER>) => rows.filter((s) => matches(s, { ...NO_FILTER, ...f })).map((s) => s.id);

describe('flow table', () => {
  it('summarize_routingMeshSyn_describesPathServicesAndRewrites', () => {
    const mesh = rows[0];
    expect(mesh).toMatchObject({ proto: 'TCP', src: '198.51.100.100:42478', dst: '198.51.100.11:8001', finalDst: '10.0.0.108:8001', service: 'web' });
    expect(mesh.nodes).toEqual(['node1', 'node2']);
    expect([...mesh.networks].sort()).toEqual(['docker_gwbridge', 'ingress']);
    expect(mesh.rewrites).toEqual(['DNAT', 'SNAT', 'ENCAP 4096', 'DECAP 4096']);
  });

  it('summarize_routingMeshSynAck_namesTheReversalOfTheRequestsNat', () => {
    expect(rows[1].rewrites).toEqual(['ENCAP 4096', 'DECAP 4096', 'un-SNAT', 'un-DNAT']);
    expect(ids({ text: 'un-snat' })).toEqual(['1002']);
  });

  it('summarize_requestAndReply_shareAConversationTuple', () => {
    const [syn, synAck] = rows;
    expect([...syn.tuples].some((t) => synAck.tuples.has(t))).toBe(true);
    expect([...syn.tuples].some((t) => rows[2].tuples.has(t))).toBe(false);
    expect(conversationTuple({ proto: 'ICMP', src: 'b', dst: 'a', sport: 0, dport: 0 })).toBe('ICMP a b');
  });

  it('matches_eachFilterNarrowsTheTable', () => {
    expect(ids({})).toHaveLength(6);
    expect(ids({ node: 'node3' })).toEqual(['1004', '1005', '1006']);
    expect(ids({ service: 'db' })).toEqual(['1004', '1005', '1006']);
    expect(ids({ network: 'ingress' })).toEqual(['1001', '1002']);
    expect(ids({ protocol: 'UDP' })).toEqual(['1006']);
    expect(ids({ port: '3306' })).toEqual(['1004']);
    expect(ids({ port: '4789' })).toHaveLength(6); // the outer VXLAN port counts too
    expect(ids({ port: 'http' })).toEqual([]);
    expect(ids({ ip: '10.0.1.5' })).toEqual(['1003', '1005']);
    expect(ids({ ip: '198.51.100.1' })).toHaveLength(6); // a prefix matches underlay addresses
    expect(ids({ text: 'dnat web' })).toEqual(['1001', '1002']);
    expect(ids({ node: 'node1', protocol: 'ICMP' })).toEqual(['1005']);
  });

  it('sortSummaries_byColumnBothDirections_tiesKeepArrivalOrder', () => {
    expect(sortSummaries(rows, { key: 'proto', descending: false }).map((s) => s.proto)).toEqual(['ICMP', 'TCP', 'TCP', 'TCP', 'TCP', 'UDP']);
    // Capture time on each first hop's own clock: node2's runs 50 ms behind node1's in the recording.
    expect(sortSummaries(rows, { key: 'time', descending: true }).map((s) => s.id)).toEqual(['1005', '1003', '1001', '1006', '1004', '1002']);
    expect(sortSummaries(rows, { key: 'service', descending: false }).map((s) => s.service)).toEqual(['db', 'db', 'db', 'web', 'web', 'web']);
  });

  it('filterChoices_fromTheRows', () => {
    expect(filterChoices(rows)).toEqual({
      nodes: ['node1', 'node2', 'node3'],
      services: ['db', 'web'],
      networks: ['docker_gwbridge', 'ingress', 'wordpress_net'],
      protocols: ['ICMP', 'TCP', 'UDP'],
    });
  });

  const verdict = (state: string, problem: boolean): Verdict => ({
    state, lastPoint: 'node2:eth0', expectedNext: state === 'STOPPED' ? 'node2:wordpress_net/vxlan0' : '', cause: state === 'STOPPED' ? 'DROPPED_BEFORE_DECAP' : 'NONE',
    reason: '', answer: problem && state !== 'STOPPED' ? 'UNANSWERED' : '', problem, facts: [],
  });
  const judged = (j: Journey, v: Verdict | null, trafficClass = 'data') => summarize({ ...j, verdict: v, trafficClass }, index);

  it('matches_problems_onlyJourneysWhoseVerdictIsAProblem_neverControlTraffic', () => {
    const [a, b, c, d] = recordedJourneys().journeys;
    const list = [judged(a, verdict('STOPPED', true)), judged(b, verdict('DELIVERED', false)), judged(c, verdict('DELIVERED', true)), judged(d, verdict('STOPPED', true), 'control'), judged(a, null)];
    const shown = list.filter((s) => matches(s, { ...NO_FILTER, problems: true })).map((s) => s.journey.verdict?.state);
    expect(shown).toEqual(['STOPPED', 'DELIVERED']);
    expect(countProblems(list)).toBe(2);
    expect(list.filter((s) => matches(s, { ...NO_FILTER, control: true }))).toHaveLength(5);
    // the verdict is searchable: state, cause, the point never reached
    expect(matches(list[0], { ...NO_FILTER, text: 'stopped dropped_before_decap wordpress_net/vxlan0' })).toBe(true);
    expect(matches(list[1], { ...NO_FILTER, text: 'stopped' })).toBe(false);
  });

  it('sortSummaries_verdictDescending_problemsFirst', () => {
    const [a, b, c] = recordedJourneys().journeys;
    const list = [judged(a, verdict('DELIVERED', false)), judged(b, null), judged(c, verdict('STOPPED', true))];
    expect(sortSummaries(list, { key: 'verdict', descending: true })[0].journey.verdict?.state).toBe('STOPPED');
  });

  it('matches_controlPlane_hiddenUntilAskedFor_unclassifiedNeverHidden', () => {
    const [a, b, c] = recordedJourneys().journeys;
    const list = [judged(a, null, 'control'), judged(b, verdict('DELIVERED', false), 'data'), judged(c, verdict('DELIVERED', false), 'unknown'), judged(a, null, 'dns')];
    const shown = (f: Partial<typeof NO_FILTER>) => list.filter((s) => matches(s, { ...NO_FILTER, ...f })).map((s) => s.journey.trafficClass);
    expect(shown({})).toEqual(['data', 'unknown', 'dns']);
    expect(shown({ control: true })).toEqual(['control', 'data', 'unknown', 'dns']);
    expect(countControl(list)).toBe(1);
    // today's collector gives no class: everything stays listed
    expect(rows.filter((s) => matches(s, NO_FILTER))).toHaveLength(rows.length);
  });

  it('matches_timeWindow_relativeOrAbsolute_badBoundNotApplied', () => {
    const s = rows[0];
    const now = s.startMs + 90_000; // the journey started 90 s ago
    const at = (since: string, until = '') => matches(s, { ...NO_FILTER, since, until }, now);
    expect(at('5m')).toBe(true);
    expect(at('1m')).toBe(false);
    expect(at('', '1m')).toBe(true);
    expect(at('', '2m')).toBe(false);
    expect(at(new Date(s.startMs - 1).toISOString(), new Date(s.startMs + 1).toISOString())).toBe(true);
    expect(at(new Date(s.startMs + 1).toISOString())).toBe(false);
    expect(at('soon')).toBe(true);
    expect(parseWhen('soon', now)).toBeNaN();
    expect(parseWhen('', now)).toBeNull();
    expect(parseWhen('2h', 7_200_000)).toBe(0);
  });
});

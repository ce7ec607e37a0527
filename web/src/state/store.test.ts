import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CanvasStore, MAX_JOURNEYS } from './store';
import { recordedJourneys, recordedTopology } from '../fixtures/recorded';
import type { Journey } from '../models/journey';

const [template] = recordedJourneys().journeys;
const copy = (id: string): Journey => ({ ...template, id });

describe('CanvasStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('addJourneys_tableBatched_animationHearsAtOnce', () => {
    const store = new CanvasStore();
    const heard: string[] = [];
    store.onJourneys((added) => heard.push(...added.map((s) => s.id)));
    store.addJourneys([copy('1'), copy('2')], true);
    expect(heard).toEqual(['1', '2']);
    expect(store.getSnapshot().journeys).toHaveLength(0);
    vi.advanceTimersByTime(300);
    expect(store.getSnapshot().journeys.map((s) => s.id)).toEqual(['1', '2']);
  });

  it('addJourneys_backlog_notAnimated_duplicatesIgnored', () => {
    const store = new CanvasStore();
    const heard: string[] = [];
    store.onJourneys((added) => heard.push(...added.map((s) => s.id)));
    store.addJourneys([copy('1')], false);
    store.addJourneys([copy('1')], true);
    vi.advanceTimersByTime(300);
    expect(heard).toEqual([]);
    expect(store.getSnapshot().journeys).toHaveLength(1);
  });

  it('addJourneys_overCapacity_oldestRollOff', () => {
    const store = new CanvasStore();
    store.addJourneys(Array.from({ length: MAX_JOURNEYS + 5 }, (_, i) => copy(String(i))), false);
    vi.advanceTimersByTime(300);
    const ids = store.getSnapshot().journeys.map((s) => s.id);
    expect(ids).toHaveLength(MAX_JOURNEYS);
    expect(ids[0]).toBe('5');
    expect(store.journey('0')).toBeUndefined();
    expect(store.journey('5')).toBeDefined();
  });

  it('setTopology_laterThanJourneys_summariesGainServices', () => {
    const store = new CanvasStore();
    store.addJourneys([{ ...copy('1'), services: [] }], false);
    vi.advanceTimersByTime(300);
    expect(store.getSnapshot().journeys[0].services).toEqual([]);
    store.setTopology(recordedTopology());
    expect(store.getSnapshot().journeys[0].services).toEqual(['web']);
    expect(store.getSnapshot().layout?.columns).toHaveLength(3);
  });

  it('addJourneys_progressiveForms_latestReplacesInPlace_finalStays', () => {
    const store = new CanvasStore();
    const heard: string[] = [];
    store.onJourneys((added, updated) => {
      heard.push(...added.map((s) => `${s.id}/${s.journey.hops.length}`));
      heard.push(...updated.map((s) => `${s.id}/${s.journey.hops.length} later${s.journey.complete ? ', final' : ''}`));
    });
    const first = { ...copy('7'), hops: template.hops.slice(0, 1), complete: false };
    store.addJourneys([copy('6'), first], true);
    vi.advanceTimersByTime(300);
    const stopped = { state: 'STOPPED', lastPoint: 'node1:eth0', expectedNext: 'node2:eth0', cause: 'VXLAN_DROPPED_BETWEEN_NODES', reason: 'r', answer: '', problem: true, facts: [] };
    store.addJourneys([{ ...copy('7'), hops: template.hops.slice(0, 3), complete: false }], true);
    store.addJourneys([{ ...copy('7'), complete: true, verdict: stopped }], true);
    store.addJourneys([{ ...copy('7'), hops: template.hops.slice(0, 1), complete: true }], true); // after the final form: ignored
    vi.advanceTimersByTime(300);
    const listed = store.getSnapshot().journeys;
    expect(listed.map((s) => s.id)).toEqual(['6', '7']);
    expect(listed[1].journey.verdict?.state).toBe('STOPPED');
    expect(listed[1].journey.hops).toHaveLength(template.hops.length);
    expect(store.journey('7')?.journey.complete).toBe(true);
    // animated from its first form (one hop: the dot shows there at once), each later form extends it
    expect(heard).toEqual([`6/${template.hops.length}`, '7/1', '7/3 later', `7/${template.hops.length} later, final`]);
  });
});

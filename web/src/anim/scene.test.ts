import { describe, expect, it } from 'vitest';
import { MAX_HOLD_MS, MAX_RUNS, Scene, type LabelEvent } from './scene';
import { buildTrack } from './timeline';

const opts = { msPerMicrosecond: 10, minLegMs: 100, unknownLegUs: 40 };
const pts = [{ x: 0, y: 0 }, { x: 100, y: 0 }];
const track = buildTrack(pts, [pts], [100], [[], ['ENCAP 4096']], opts); // 1000 ms, label at the end

function positions(scene: Scene, labels: LabelEvent[] = []): number[] {
  const xs: number[] = [];
  scene.frame((_, p) => xs.push(Math.round(p.x)), labels);
  return xs;
}

describe('Scene', () => {
  it('advance_paused_clockStands', () => {
    const scene = new Scene();
    scene.add('1', new Set(), track, '#fff');
    scene.advance(50);
    scene.paused = true;
    scene.advance(50);
    expect(positions(scene)).toEqual([5]);
  });

  it('advance_speedScalesTheClock_longGapsClamped', () => {
    const scene = new Scene();
    scene.speed = 2;
    scene.add('1', new Set(), track, '#fff');
    scene.advance(50);
    expect(positions(scene)).toEqual([10]);
    scene.advance(10_000); // a background tab: one 100 ms step, not 10 s
    expect(positions(scene)).toEqual([30]);
  });

  it('frame_delayedRun_notDrawnBeforeItsStart', () => {
    const scene = new Scene();
    scene.add('1', new Set(), track, '#fff', 200);
    scene.advance(100);
    expect(positions(scene)).toEqual([]);
    expect(scene.runs).toHaveLength(1);
  });

  it('frame_finishedRun_removedAfterItsLabelIsShownOnce', () => {
    const scene = new Scene();
    scene.add('1', new Set(), track, '#f00');
    const labels: LabelEvent[] = [];
    for (let i = 0; i < 12; i++) {
      scene.advance(99);
      positions(scene, labels);
    }
    expect(scene.runs).toHaveLength(0);
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ text: 'ENCAP 4096', x: 100, color: '#f00' });
  });

  it('add_full_refusesAndCounts', () => {
    const scene = new Scene();
    for (let i = 0; i < MAX_RUNS; i++) expect(scene.add(String(i), new Set(), track, '#fff')).toBe(true);
    expect(scene.add('x', new Set(), track, '#fff')).toBe(false);
    expect(scene.dropped).toBe(1);
  });

  it('setFollow_marksRunsSharingATuple_alsoLaterOnes', () => {
    const scene = new Scene();
    scene.add('1', new Set(['TCP a b']), track, '#fff');
    scene.add('2', new Set(['TCP c d']), track, '#fff');
    scene.setFollow(new Set(['TCP a b', 'TCP x y']));
    scene.add('3', new Set(['TCP x y']), track, '#fff');
    expect(scene.runs.map((r) => r.followed)).toEqual([true, false, true]);
    scene.setFollow(null);
    expect(scene.runs.some((r) => r.followed)).toBe(false);
  });
  it('frame_dotsMoving_countHopsReached', () => {
    const three = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 200, y: 0 }];
    const longer = buildTrack(three, [three.slice(0, 2), three.slice(1)], [10, 10], [[], [], []], opts); // 100 ms legs
    const scene = new Scene();
    scene.add('1', new Set(), longer, '#fff');
    scene.add('2', new Set(), longer, '#fff', 500);
    scene.advance(50);
    positions(scene);
    expect([scene.hopsPassed, scene.mostHopsByOneRun]).toEqual([1, 1]);
    scene.advance(60);
    positions(scene);
    expect([scene.hopsPassed, scene.mostHopsByOneRun]).toEqual([2, 2]);
    scene.advance(95);
    positions(scene);
    expect([scene.hopsPassed, scene.mostHopsByOneRun]).toEqual([3, 3]);
  });

  it('add_openJourneyOfOneHop_dotShowsAtItsHopAtOnce_waitsThereForItsNextForm', () => {
    const one = buildTrack([{ x: 7, y: 3 }], [], [], [[]], opts);
    const scene = new Scene();
    scene.add('1', new Set(), one, '#fff', 0, true);
    expect(positions(scene)).toEqual([7]);
    for (let i = 0; i < 10; i++) scene.advance(100);
    expect(positions(scene)).toEqual([7]);
    // the next form: the dot goes on from its hop along the new leg (1000 ms long)
    expect(scene.extend('1', true, () => track)).toBe(true);
    for (let i = 0; i < 5; i++) scene.advance(100);
    expect(positions(scene)).toEqual([50]);
    for (let i = 0; i < 6; i++) scene.advance(100);
    expect(positions(scene)).toEqual([100]); // waits at its last known hop
    expect(scene.extend('1', false, () => track)).toBe(true); // the final form: ends there
    scene.advance(50);
    expect(positions(scene)).toEqual([]);
    expect(scene.runs).toHaveLength(0);
    expect(scene.extend('1', false, () => track)).toBe(false);
  });

  it('frame_openJourneyWithoutNextForm_waitsAtMostMaxHold', () => {
    const scene = new Scene();
    scene.add('1', new Set(), track, '#fff', 0, true);
    for (let waited = 0; waited < 1000 + MAX_HOLD_MS - 100; waited += 100) {
      scene.advance(100);
      positions(scene);
    }
    expect(positions(scene)).toEqual([100]);
    scene.advance(100);
    scene.advance(100);
    expect(positions(scene)).toEqual([]);
    expect(scene.extend('1', true, () => track)).toBe(false);
  });

  it('extend_completeJourney_notWaiting_false', () => {
    const scene = new Scene();
    scene.add('1', new Set(), track, '#fff');
    let built = 0;
    expect(scene.extend('1', false, () => (built++, track))).toBe(false);
    expect(built).toBe(0);
  });
});

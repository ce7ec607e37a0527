import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, buildTrack, legDurationMs, legMicros, positionAt, replayOffsets, rewriteLabels } from './timeline';
import { recordedJourneys } from '../fixtures/recorded';

const opts = { msPerMicrosecond: 10, minLegMs: 100, unknownLegUs: 40 };

describe('timeline', () => {
  it('legMicros_sameClockUsesLatencyOrTimestamps_otherClockUnknown', () => {
    const hops = [
      { node: 'a', ts_ns: 1_000_000n, latency_ns: null },
      { node: 'a', ts_ns: 1_046_000n, latency_ns: null },
      { node: 'a', ts_ns: 1_010_000n, latency_ns: null }, // stamped before its predecessor: clamped to 0
      { node: 'b', ts_ns: 900_000n, latency_ns: null },
      { node: 'b', ts_ns: 999_999_999n, latency_ns: 7_000 },
    ];
    expect(legMicros(hops)).toEqual([46, 0, null, 7]);
  });

  it('legDurationMs_slowedButNeverShorterThanTheMinimum', () => {
    expect(legDurationMs(46, opts)).toBe(460);
    expect(legDurationMs(3, opts)).toBe(100);
    expect(legDurationMs(null, opts)).toBe(400);
  });

  it('rewriteLabels_bridgeSilent_vniOnEncapAndDecap', () => {
    const mesh = recordedJourneys().journeys[0];
    expect(mesh.hops.map(rewriteLabels).filter((l) => l.length)).toEqual([['DNAT'], ['DNAT', 'SNAT'], ['ENCAP 4096'], ['DECAP 4096']]);
  });

  it('rewriteLabels_replyThroughTheRoutingMesh_conntrackReversingTheRequestsNatIsUnSnatAndUnDnat', () => {
    const reply = recordedJourneys().journeys[1];
    expect(reply.hops.map(rewriteLabels).filter((l) => l.length)).toEqual([['ENCAP 4096'], ['DECAP 4096'], ['un-SNAT', 'un-DNAT'], ['un-DNAT']]);
  });

  it('buildTrack_realRelativeTiming_hopTimesAccumulateLegs', () => {
    const positions = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 50 }];
    const track = buildTrack(positions, [[positions[0], positions[1]], [positions[1], positions[2]]], [46, null], [[], ['DNAT'], []], opts);
    expect(track.hopTimes).toEqual([0, 460, 860]);
    expect(track.duration).toBe(860);
    expect(track.labels).toEqual([{ at: 460, x: 100, y: 0, text: 'DNAT' }]);
  });

  it('positionAt_alongThePolyline_andNothingOutsideTheTrack', () => {
    const route = [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }];
    const track = buildTrack([route[0], route[2]], [route], [20], [[], []], opts); // one 200 ms leg, 200 px long
    const p = { x: 0, y: 0 };
    expect(positionAt(track, 50, p)).toBe(true);
    expect(p).toEqual({ x: 50, y: 0 });
    positionAt(track, 150, p);
    expect(p).toEqual({ x: 100, y: 50 });
    positionAt(track, 200, p);
    expect(p).toEqual({ x: 100, y: 100 });
    expect(positionAt(track, -1, p)).toBe(false);
    expect(positionAt(track, 201, p)).toBe(false);
  });

  it('positionAt_secondLeg_foundByTime', () => {
    const pts = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }];
    const track = buildTrack(pts, [[pts[0], pts[1]], [pts[1], pts[2]]], [10, 10], [[], [], []], opts);
    const p = { x: 0, y: 0 };
    positionAt(track, 150, p);
    expect(p.x).toBeCloseTo(10);
    expect(p.y).toBeCloseTo(5);
  });

  it('replayOffsets_captureOrderWithClampedGaps', () => {
    // 2nd came 1 µs after the 1st (clamped up to 80 ms), 3rd 10 s later (clamped down to 700 ms), given out of order.
    expect(replayOffsets([10_000_001_000n, 1_000n, 2_000n], DEFAULT_TIMING)).toEqual([780, 0, 80]);
    expect(replayOffsets([], DEFAULT_TIMING)).toEqual([]);
  });
});

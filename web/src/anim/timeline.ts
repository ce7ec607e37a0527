// Timing of one journey's dot: each leg between two hops lasts the real time between them, slowed so a
// 250 µs trip takes seconds, never shorter than a minimum so every hop stays visible. Clocks of different
// nodes are not comparable, so a leg that crosses nodes (latency unknown) gets a nominal duration.
import type { Hop } from '../models/journey';
import { polylineLength, type Point } from '../layout/geometry';
import { rewriteLabel } from '../models/rewrites';

export interface TimingOptions {
  /** Display milliseconds per real microsecond at speed 1 (10 means 1 µs takes 10 ms). */
  msPerMicrosecond: number;
  /** Shortest leg on screen, so hops a few µs apart remain distinct. */
  minLegMs: number;
  /** Real duration assumed for a leg whose time is unknown (across node clocks). */
  unknownLegUs: number;
}

export const DEFAULT_TIMING: TimingOptions = { msPerMicrosecond: 10, minLegMs: 160, unknownLegUs: 40 };

/** Real time of each leg in µs (hops.length - 1 entries), or null when the two hops do not share a clock. */
export function legMicros(hops: Pick<Hop, 'node' | 'ts_ns' | 'latency_ns'>[]): (number | null)[] {
  const legs: (number | null)[] = [];
  for (let i = 1; i < hops.length; i++) {
    const h = hops[i];
    if (h.latency_ns !== null) legs.push(h.latency_ns / 1000);
    else if (h.node === hops[i - 1].node) legs.push(Math.max(0, Number(h.ts_ns - hops[i - 1].ts_ns)) / 1000);
    else legs.push(null);
  }
  return legs;
}

export function legDurationMs(micros: number | null, opts: TimingOptions): number {
  const us = micros ?? opts.unknownLegUs;
  return Math.max(opts.minLegMs, us * opts.msPerMicrosecond);
}

/** Short labels for what happened before a hop: DNAT, SNAT, ENCAP 4096, DECAP 4096, REDIRECT, un-SNAT, un-DNAT (BRIDGE is silent). */
export function rewriteLabels(hop: Pick<Hop, 'rewrites'>): string[] {
  return hop.rewrites.filter((r) => r.kind !== 'BRIDGE').map(rewriteLabel);
}

interface Leg {
  points: Point[];
  /** Cumulative length at each point. */
  cumulative: number[];
  length: number;
  t0: number;
  t1: number;
}

export interface TrackLabel {
  at: number;
  x: number;
  y: number;
  text: string;
  /** The label's own colour; the dot's when absent. */
  color?: string;
}

export interface Track {
  legs: Leg[];
  /** The first hop's place: where a track without legs (one hop so far) shows its dot. */
  origin?: Point;
  duration: number;
  /** Display time at which the dot reaches each hop. */
  hopTimes: number[];
  labels: TrackLabel[];
}

/**
 * Builds a track from the hop positions, the drawn route of each leg (routes[i] from hop i to hop i+1) and the
 * real leg times. Labels appear at a hop when the dot arrives there.
 */
export function buildTrack(
  positions: Point[],
  routes: Point[][],
  micros: (number | null)[],
  labels: string[][],
  opts: TimingOptions = DEFAULT_TIMING,
): Track {
  const legs: Leg[] = [];
  const hopTimes = [0];
  let t = 0;
  for (let i = 0; i < routes.length; i++) {
    const points = routes[i].length >= 2 ? routes[i] : [positions[i], positions[i + 1]];
    const cumulative = [0];
    for (let k = 1; k < points.length; k++) cumulative.push(cumulative[k - 1] + Math.hypot(points[k].x - points[k - 1].x, points[k].y - points[k - 1].y));
    const duration = legDurationMs(micros[i] ?? null, opts);
    legs.push({ points, cumulative, length: polylineLength(points), t0: t, t1: t + duration });
    t += duration;
    hopTimes.push(t);
  }
  const trackLabels: TrackLabel[] = [];
  labels.forEach((texts, i) => {
    if (texts.length > 0 && positions[i]) trackLabels.push({ at: hopTimes[i], x: positions[i].x, y: positions[i].y, text: texts.join(' + ') });
  });
  return { legs, origin: positions[0], duration: t, hopTimes, labels: trackLabels };
}

/**
 * Where the dot is at display time t (ms since the track started). Writes into `out` (no allocation per
 * frame) and returns false before the start or after the end.
 */
export function positionAt(track: Track, t: number, out: Point): boolean {
  if (t < 0 || t > track.duration || track.legs.length === 0) return false;
  let lo = 0;
  let hi = track.legs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (track.legs[mid].t1 < t) lo = mid + 1;
    else hi = mid;
  }
  const leg = track.legs[lo];
  const fraction = leg.t1 > leg.t0 ? (t - leg.t0) / (leg.t1 - leg.t0) : 1;
  const distance = fraction * leg.length;
  const pts = leg.points;
  let k = 1;
  while (k < pts.length - 1 && leg.cumulative[k] < distance) k++;
  const segStart = leg.cumulative[k - 1];
  const segLength = leg.cumulative[k] - segStart;
  const f = segLength > 0 ? Math.min(1, (distance - segStart) / segLength) : 1;
  out.x = pts[k - 1].x + (pts[k].x - pts[k - 1].x) * f;
  out.y = pts[k - 1].y + (pts[k].y - pts[k - 1].y) * f;
  return true;
}

/** Where the dot rests at the end of its track (its last hop; the only one for a track without legs). */
export function endOf(track: Track, out: Point): boolean {
  const last = track.legs[track.legs.length - 1];
  const p = last ? last.points[last.points.length - 1] : track.origin;
  if (!p) return false;
  out.x = p.x;
  out.y = p.y;
  return true;
}

/**
 * Start offsets (display ms) for replaying journeys in capture order: real gaps between their first hops,
 * slowed like the legs, but clamped so a quiet second does not become a minute of nothing.
 */
export function replayOffsets(firstHopNs: bigint[], opts: TimingOptions, minGapMs = 80, maxGapMs = 700): number[] {
  const order = firstHopNs.map((ns, i) => ({ ns, i })).sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  const offsets = new Array<number>(firstHopNs.length).fill(0);
  let t = 0;
  for (let k = 1; k < order.length; k++) {
    const gapUs = Number(order[k].ns - order[k - 1].ns) / 1000;
    t += Math.min(maxGapMs, Math.max(minGapMs, gapUs * opts.msPerMicrosecond));
    offsets[order[k].i] = t;
  }
  return offsets;
}

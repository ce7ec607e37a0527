// A journey's track on a given layout: hop anchors, the drawn route of each leg, the real leg times.
import type { Journey } from '../models/journey';
import type { TopologyLayout } from '../layout/topologyLayout';
import { resolveAnchors, route } from '../layout/routes';
import { pointAlong, type Point } from '../layout/geometry';
import { buildTrack, legMicros, rewriteLabels, type TimingOptions, type Track, DEFAULT_TIMING } from './timeline';
import { STOP_COLOR } from './colors';

export interface JourneyPath {
  positions: Point[];
  legs: Point[][];
}

export function journeyPath(layout: TopologyLayout, journey: Journey): JourneyPath {
  const anchors = resolveAnchors(layout, journey.hops);
  const legs: Point[][] = [];
  for (let i = 1; i < anchors.length; i++) legs.push(route(layout, anchors[i - 1], anchors[i]));
  return { positions: anchors.map((a) => ({ x: a.x, y: a.y })), legs };
}

/** Where a STOPPED journey broke off: the drawn route from its last point to the one it never reached. */
export interface StopBreak {
  /** "node:point" as the verdict names it. */
  expectedNext: string;
  /** Last point that saw the packet to the expected next one (one point when both are drawn at one place). */
  points: Point[];
  /** Where the break mark sits: halfway along. */
  mark: Point;
}

/** "node2:wordpress_net/vxlan0" to its node and point; null when it does not name both. */
export function splitPathPoint(text: string): { node: string; point: string } | null {
  const at = text.indexOf(':');
  return at > 0 && at < text.length - 1 ? { node: text.slice(0, at), point: text.slice(at + 1) } : null;
}

export function stopBreak(layout: TopologyLayout, journey: Journey): StopBreak | null {
  const v = journey.verdict;
  const next = v?.state === 'STOPPED' ? splitPathPoint(v.expectedNext) : null;
  if (!v || !next) return null;
  // From the verdict's last point (the last expected point that saw it); hops after it, if any, were elsewhere.
  const hops = journey.hops;
  let last = hops.length - 1;
  for (let i = hops.length - 1; i >= 0; i--) {
    if (`${hops[i].node}:${hops[i].point}` === v.lastPoint) {
      last = i;
      break;
    }
  }
  const anchors = resolveAnchors(layout, [...hops.slice(0, last + 1), next]);
  const points = route(layout, anchors[anchors.length - 2], anchors[anchors.length - 1]);
  return { expectedNext: v.expectedNext, points, mark: pointAlong(points, 0.5) };
}

export function journeyTrack(layout: TopologyLayout, journey: Journey, timing: TimingOptions = DEFAULT_TIMING): Track {
  const { positions, legs } = journeyPath(layout, journey);
  const track = buildTrack(positions, legs, legMicros(journey.hops), journey.hops.map(rewriteLabels), timing);
  // A stopped packet's dot ends where it was last seen, with a red mark saying so.
  if (journey.verdict?.state === 'STOPPED' && positions.length > 0) {
    const end = positions[positions.length - 1];
    track.labels.push({ at: track.duration, x: end.x, y: end.y, text: '✕ stopped', color: STOP_COLOR });
  }
  return track;
}

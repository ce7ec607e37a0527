// A journey's track on a given layout: hop anchors, the drawn route of each leg, the real leg times.
import type { Journey } from '../models/journey';
import type { TopologyLayout } from '../layout/topologyLayout';
import { resolveAnchors, route } from '../layout/routes';
import type { Point } from '../layout/geometry';
import { buildTrack, legMicros, rewriteLabels, type TimingOptions, type Track, DEFAULT_TIMING } from './timeline';

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

export function journeyTrack(layout: TopologyLayout, journey: Journey, timing: TimingOptions = DEFAULT_TIMING): Track {
  const { positions, legs } = journeyPath(layout, journey);
  return buildTrack(positions, legs, legMicros(journey.hops), journey.hops.map(rewriteLabels), timing);
}

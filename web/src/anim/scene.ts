// The animation clock and the dots on it, without any DOM: the renderer asks each frame where every dot is.
// Pausing stops the clock; the speed scales how fast it runs, so changing it affects dots already moving.
import { positionAt, type Track } from './timeline';
import type { Point } from '../layout/geometry';

export interface Run {
  journeyId: string;
  /** Canonical 5-tuples seen at any hop: two journeys of one conversation share at least one. */
  tuples: ReadonlySet<string>;
  track: Track;
  color: string;
  /** Scene time at which the dot leaves its first hop. */
  start: number;
  /** Index of the next label to show. */
  nextLabel: number;
  /** Hops the dot has reached so far. */
  hopsReached: number;
  followed: boolean;
  /** Drawn at least once (the page records when a journey's first dot appeared). */
  shown: boolean;
}

export interface LabelEvent {
  x: number;
  y: number;
  text: string;
  color: string;
  born: number;
}

export const MAX_RUNS = 600;
const MAX_FRAME_MS = 100;

export class Scene {
  time = 0;
  paused = false;
  speed = 1;
  /** Runs refused because MAX_RUNS were already moving. */
  dropped = 0;
  readonly runs: Run[] = [];
  /** Hop arrivals of all dots since the page opened: what tests and the status watch to see it move. */
  hopsPassed = 0;
  /** The most hops one dot has reached. */
  mostHopsByOneRun = 0;
  private follow: ReadonlySet<string> | null = null;

  /** Adds a dot that starts after `delay` ms of scene time. Returns false when the scene is full. */
  add(journeyId: string, tuples: ReadonlySet<string>, track: Track, color: string, delay = 0): boolean {
    if (this.runs.length >= MAX_RUNS) {
      this.dropped++;
      return false;
    }
    const run: Run = { journeyId, tuples, track, color, start: this.time + delay, nextLabel: 0, hopsReached: 0, followed: false, shown: false };
    run.followed = this.matchesFollow(run);
    this.runs.push(run);
    return true;
  }

  /** Advances the clock by a frame's wall time; a long gap (background tab) moves it one short step only. */
  advance(wallMs: number): void {
    if (!this.paused) this.time += Math.min(wallMs, MAX_FRAME_MS) * this.speed;
  }

  /**
   * Calls `draw` for every dot on screen with its position, drops finished runs and collects the labels
   * reached since the last frame. `scratch` is reused to avoid allocating per dot.
   */
  frame(draw: (run: Run, p: Point, slot: number) => void, labels: LabelEvent[], scratch: Point = { x: 0, y: 0 }): number {
    let slot = 0;
    let keep = 0;
    for (let i = 0; i < this.runs.length; i++) {
      const run = this.runs[i];
      const t = this.time - run.start;
      const labelList = run.track.labels;
      while (run.nextLabel < labelList.length && labelList[run.nextLabel].at <= t) {
        const l = labelList[run.nextLabel++];
        labels.push({ x: l.x, y: l.y, text: l.text, color: l.color ?? run.color, born: this.time });
      }
      const hopTimes = run.track.hopTimes;
      if (run.hopsReached < hopTimes.length && hopTimes[run.hopsReached] <= t) {
        while (run.hopsReached < hopTimes.length && hopTimes[run.hopsReached] <= t) {
          run.hopsReached++;
          this.hopsPassed++;
        }
        if (run.hopsReached > this.mostHopsByOneRun) this.mostHopsByOneRun = run.hopsReached;
      }
      if (t > run.track.duration) continue; // finished: not kept
      this.runs[keep++] = run;
      if (t >= 0 && positionAt(run.track, t, scratch)) draw(run, scratch, slot++);
    }
    this.runs.length = keep;
    return slot;
  }

  setFollow(tuples: ReadonlySet<string> | null): void {
    this.follow = tuples;
    for (const run of this.runs) run.followed = this.matchesFollow(run);
  }

  clear(): void {
    this.runs.length = 0;
  }

  private matchesFollow(run: Run): boolean {
    if (!this.follow) return false;
    for (const t of run.tuples) if (this.follow.has(t)) return true;
    return false;
  }
}

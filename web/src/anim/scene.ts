// The animation clock and the dots on it, without any DOM: the renderer asks each frame where every dot is.
// Pausing stops the clock; the speed scales how fast it runs, so changing it affects dots already moving.
import { endOf, positionAt, type Track } from './timeline';
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
  /**
   * Its journey is still being stitched: the dot waits at its last known hop (at most MAX_HOLD_MS) until a
   * later form extends its track.
   */
  open: boolean;
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
/** How long a dot waits at its last known hop for its journey's next form (the collector's window is 1 s). */
export const MAX_HOLD_MS = 5000;

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
  /** Runs of journeys still being stitched, by journey id. */
  private readonly waiting = new Map<string, Run>();

  /**
   * Adds a dot that starts after `delay` ms of scene time; `open` for a journey still being stitched (its
   * first form may be a single hop: the dot shows there at once). Returns false when the scene is full.
   */
  add(journeyId: string, tuples: ReadonlySet<string>, track: Track, color: string, delay = 0, open = false): boolean {
    if (this.runs.length >= MAX_RUNS) {
      this.dropped++;
      return false;
    }
    const run: Run = { journeyId, tuples, track, color, start: this.time + delay, nextLabel: 0, hopsReached: 0, followed: false, shown: false, open };
    run.followed = this.matchesFollow(run);
    this.runs.push(run);
    if (open) this.waiting.set(journeyId, run);
    return true;
  }

  /**
   * A later form of a journey still being stitched: its dot goes on along the longer track, from where it
   * waits if it already reached its last known hop. `track` is only built when such a dot exists; false when
   * none does (never added, or finished).
   */
  extend(journeyId: string, open: boolean, track: () => Track): boolean {
    const run = this.waiting.get(journeyId);
    if (!run) return false;
    const t = this.time - run.start;
    if (t > run.track.duration) run.start = this.time - run.track.duration;
    run.track = track();
    run.open = open;
    if (!open) this.waiting.delete(journeyId);
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
      if (t > run.track.duration || run.track.legs.length === 0) {
        // at or past its last known hop: finished, unless its journey may still grow
        if (!run.open || t - run.track.duration > MAX_HOLD_MS) {
          if (run.open && this.waiting.get(run.journeyId) === run) this.waiting.delete(run.journeyId);
          continue; // not kept
        }
        this.runs[keep++] = run;
        if (t >= 0 && endOf(run.track, scratch)) draw(run, scratch, slot++);
        continue;
      }
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
    this.waiting.clear();
  }

  private matchesFollow(run: Run): boolean {
    if (!this.follow) return false;
    for (const t of run.tuples) if (this.follow.has(t)) return true;
    return false;
  }
}

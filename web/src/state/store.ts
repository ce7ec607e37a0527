// What the page knows, outside React: topology (with its layout), the last journeys, status and the link.
// Components read an immutable snapshot through useSyncExternalStore; the packet layer subscribes to new
// journeys directly so animation never waits for a React render.
import type { ClusterTopology } from '../models/topology';
import type { Journey } from '../models/journey';
import type { ConnectionState, ServerStatus } from '../models/status';
import { indexTopology, type TopologyIndex } from '../layout/topologyIndex';
import { layoutTopology, type TopologyLayout } from '../layout/topologyLayout';
import { summarize, type JourneySummary } from '../flows/summary';

export const MAX_JOURNEYS = 1000;
const SNAPSHOT_INTERVAL_MS = 250;

export interface Snapshot {
  topology: ClusterTopology | null;
  index: TopologyIndex | null;
  layout: TopologyLayout | null;
  /** Oldest first, at most MAX_JOURNEYS. */
  journeys: JourneySummary[];
  status: ServerStatus | null;
  connection: ConnectionState;
  connectionDetail: string;
  /** Lost events announced on the stream since the page opened. */
  lostOnStream: number;
}

type Listener = () => void;
/** Journeys new to the page (any form, from the first hop on), and later forms of ones still being stitched. */
export type JourneyListener = (added: JourneySummary[], updated: JourneySummary[]) => void;

export class CanvasStore {
  private snapshot: Snapshot = {
    topology: null, index: null, layout: null, journeys: [], status: null,
    connection: 'connecting', connectionDetail: '', lostOnStream: 0,
  };
  private listeners = new Set<Listener>();
  private journeyListeners = new Set<JourneyListener>();
  private byId = new Map<string, JourneySummary>();
  private pending: JourneySummary[] = [];
  /** A journey already listed came again in a later form: the next flush swaps it in place. */
  private replaced = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  getSnapshot = (): Snapshot => this.snapshot;

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  onJourneys(l: JourneyListener): () => void {
    this.journeyListeners.add(l);
    return () => this.journeyListeners.delete(l);
  }

  setTopology(topology: ClusterTopology): void {
    const index = indexTopology(topology);
    // Summaries name services and networks through the topology: redo them when it changes.
    const journeys = this.snapshot.journeys.map((s) => summarize(s.journey, index));
    this.byId = new Map(journeys.map((s) => [s.id, s]));
    this.update({ topology, index, layout: layoutTopology(index), journeys });
  }

  /**
   * New journeys: table updates are batched (a few per second); animation listeners hear at once, of a
   * journey's first form (its dot shows at its first hop at once) and of each later one. A journey still
   * being stitched (complete: false) is replaced by each later form with its id, in place; its verdict comes
   * with the final form.
   */
  addJourneys(list: Journey[], animate: boolean): void {
    const added: JourneySummary[] = [];
    const updated: JourneySummary[] = [];
    for (const j of list) {
      const known = this.byId.get(j.id);
      if (known && known.journey.complete) continue;
      const s = summarize(j, this.snapshot.index);
      this.byId.set(j.id, s);
      if (known) {
        this.replaced = true;
        updated.push(s);
      } else added.push(s);
    }
    if (added.length === 0 && !this.replaced) return;
    this.pending.push(...added);
    if (animate && added.length + updated.length > 0) this.journeyListeners.forEach((l) => l(added, updated));
    this.flushTimer ??= setTimeout(() => this.flush(), SNAPSHOT_INTERVAL_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    let journeys = [...this.snapshot.journeys, ...this.pending];
    if (this.replaced) journeys = journeys.map((s) => this.byId.get(s.id) ?? s);
    this.replaced = false;
    this.pending = [];
    if (journeys.length > MAX_JOURNEYS) {
      const dropped = journeys.slice(0, journeys.length - MAX_JOURNEYS);
      dropped.forEach((s) => this.byId.delete(s.id));
      journeys = journeys.slice(journeys.length - MAX_JOURNEYS);
    }
    this.update({ journeys });
  }

  setStatus(status: ServerStatus): void {
    this.update({ status });
  }

  addLost(count: number): void {
    this.update({ lostOnStream: this.snapshot.lostOnStream + count });
  }

  setConnection(connection: ConnectionState, detail = ''): void {
    this.update({ connection, connectionDetail: detail });
  }

  journey(id: string): JourneySummary | undefined {
    return this.byId.get(id);
  }

  private update(patch: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listeners.forEach((l) => l());
  }
}

// Where the page's data comes from: the collector (LiveSource) or, in the fixture build, recorded responses.
import type { ClusterTopology } from '../models/topology';
import type { Journey } from '../models/journey';
import type { ConnectionState, DemoScenes, ServerStatus } from '../models/status';

export interface SourceHandlers {
  topology(t: ClusterTopology): void;
  /** `initial` for the backlog fetched at (re)connect: shown in the table, not animated. */
  journeys(list: Journey[], initial: boolean): void;
  status(s: ServerStatus): void;
  lost(count: number): void;
  connection(state: ConnectionState, detail?: string): void;
}

export interface DataSource {
  readonly kind: 'live' | 'fixtures';
  /** Starts delivering; returns a function that stops everything it started. */
  start(handlers: SourceHandlers): () => void;
  /** Logs in with the collector's token; false when the collector refuses it. */
  login(token: string): Promise<boolean>;
  downloadPcap(journeyId: string): Promise<void>;
  /** GET `path` (a journeys query, see api/query.ts): what the collector keeps beyond the page's own list. */
  queryJourneys(path: string): Promise<Journey[]>;
  /** One journey by id from the collector; null when it does not keep it (any more). */
  journey(id: string): Promise<Journey | null>;
  /** The recorded scenes when the collector is a `demo`; null otherwise (no selector shown). */
  demoScenes(): Promise<DemoScenes | null>;
  /** Asks the demo to play another scene (from the next pass of its loop); resolves to the new list. */
  selectScene(name: string): Promise<DemoScenes>;
}

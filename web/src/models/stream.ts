// WebSocket /api/v1/stream: one JSON object per frame, tagged by `type`.
import type { ClusterTopology } from './topology';
import type { Journey } from './journey';
import type { ServerStatus } from './status';

export type StreamEvent =
  | { type: 'topology'; topology: ClusterTopology }
  | { type: 'journey'; journeys: Journey[] }
  | { type: 'status'; status: ServerStatus }
  | { type: 'lost'; lost: number };

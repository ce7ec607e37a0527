// GET /api/v1/status and the stream's status frames, after api/decode.ts.

export interface AgentStatus {
  node: string;
  connected: boolean;
  /** Observations per second this agent sends, when the collector reports it per agent. */
  observations_per_s: number | null;
  last_seen: string | null;
  /** What the agent cannot do on its node (e.g. no IPVS), as it reported it. */
  limitations: string[];
}

export interface ServerStatus {
  version: string;
  agents: AgentStatus[];
  observations_per_s: number;
  /** Journeys kept in the ring store, of how many were stitched. */
  kept: number;
  seen: number;
  /** Observations agents or the collector had to drop (queues full), as lost events. */
  lost: number;
}

/** What the page knows about its link to the collector. */
export type ConnectionState = 'connecting' | 'live' | 'disconnected' | 'unauthorized';

/** GET /api/v1/demo/scenes of a running `demo`: the recorded scenes it can replay and the one playing. */
export interface DemoScene {
  name: string;
  title: string;
  description: string;
}

export interface DemoScenes {
  current: string;
  scenes: DemoScene[];
}

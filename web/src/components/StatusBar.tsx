// Collector health at a glance: the link, each node's agent, observations/s, journeys kept of seen, losses.
import type { ConnectionState, ServerStatus } from '../models/status';

interface Props {
  connection: ConnectionState;
  detail: string;
  status: ServerStatus | null;
  nodes: string[];
  lostOnStream: number;
  droppedDots: number;
  source: 'live' | 'fixtures';
  /** Journeys in the page whose verdict is a problem; a click shows only them. */
  problems: number;
  onProblems: () => void;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting…',
  live: 'live',
  disconnected: 'disconnected',
  unauthorized: 'login required',
};

export function StatusBar({ connection, detail, status, nodes, lostOnStream, droppedDots, source, problems, onProblems }: Props) {
  const agents = new Map((status?.agents ?? []).map((a) => [a.node, a]));
  const allNodes = [...new Set([...nodes, ...agents.keys()])];
  const lost = (status?.lost ?? 0) + lostOnStream;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`conn conn-${connection}`} title={detail}>
        ● {CONNECTION_TEXT[connection]}
        {source === 'fixtures' && ' (recorded fixtures)'}
      </span>
      <span className="agents" aria-label="agents">
        agents:
        {allNodes.length === 0 && <span className="dim"> none</span>}
        {allNodes.map((n) => {
          const a = agents.get(n);
          const state = !a ? 'unknown' : a.connected ? 'up' : 'down';
          const title = [
            !a ? 'no agent reported' : a.connected ? 'agent connected' : 'agent disconnected',
            a?.observations_per_s != null && `${a.observations_per_s.toFixed(0)} obs/s`,
            ...(a?.limitations ?? []),
          ].filter(Boolean).join(' · ');
          return (
            <span key={n} className={`agent agent-${state}`} title={title}>
              {n}
              {a && a.limitations.length > 0 && ' ⚠'}
            </span>
          );
        })}
      </span>
      <span>
        <b>{status ? status.observations_per_s.toFixed(0) : '—'}</b> obs/s
      </span>
      <span title="journeys kept in the collector's ring store, of all stitched">
        kept <b>{status?.kept ?? '—'}</b> of <b>{status?.seen ?? '—'}</b>
      </span>
      <button className={`problems${problems > 0 ? ' has-problems' : ''}`} data-testid="problem-count" data-count={problems} onClick={onProblems} title="journeys in the page that stopped, went unanswered, were reset or found no listener (control-plane traffic not counted); click to show only them">
        problems <b>{problems}</b>
      </button>
      <span className={lost > 0 ? 'lost' : undefined} title="observations dropped by agents or the collector (queues full)">
        lost <b>{lost}</b>
      </span>
      {droppedDots > 0 && <span className="lost">{droppedDots} not animated (too many at once)</span>}
      {detail && connection !== 'live' && <span className="dim detail">{detail}</span>}
    </footer>
  );
}

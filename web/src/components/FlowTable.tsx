// Journeys beside the canvas: filter by node, service, network, protocol, port, IP and free text; sort by
// any column; a click selects the journey (its path lights up on the canvas and the inspector opens).
import { memo, useMemo, useState } from 'react';
import type { JourneySummary } from '../flows/summary';
import { countControl, filterChoices, matches, parseWhen, sortSummaries, type FlowFilter, type Sort, type SortKey } from '../flows/filter';
import { protocolColor } from '../anim/colors';
import { journeysCsv, journeysJson, saveFile } from '../flows/export';

// Only the rows in view are rendered (fixed row height), so a table of a thousand journeys updating a few
// times a second stays cheap.
const ROW_HEIGHT = 24;
const OVERSCAN = 8;
const VIEW_ROWS = 40;

interface Props {
  journeys: JourneySummary[];
  filter: FlowFilter;
  onFilter: (f: FlowFilter) => void;
  sort: Sort;
  onSort: (s: Sort) => void;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  /** How many journeys the page keeps; more comes from asking the collector. */
  keeps: number;
  /** Asks the collector for up to `limit` journeys matching the filters; the table then lists those. */
  onQueryCollector: (limit: number) => void;
  /** Set while the table lists a collector query's answer instead of the live journeys. */
  fromCollector: { count: number; limit: number; busy: boolean; error: string; onBackToLive: () => void } | null;
}

const QUERY_LIMITS = [2000, 5000, 10000];

/** yyyy-mm-ddThh-mm-ss, for file names. */
function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/:/g, '-');
}

// Most telling first: at 1280 px the panel shows up to the rewrites, the rest scrolls sideways.
const COLUMNS: { key: SortKey | null; title: string }[] = [
  { key: 'verdict', title: '✓✕' },
  { key: 'proto', title: 'proto' },
  { key: 'src', title: 'source' },
  { key: 'dst', title: 'destination' },
  { key: null, title: 'rewrites' },
  { key: 'service', title: 'service' },
  { key: 'path', title: 'nodes' },
  { key: 'hops', title: 'hops' },
  { key: 'time', title: 'time' },
];

const VERDICT_MARK: Record<string, string> = { DELIVERED: '✓', STOPPED: '✕', UNKNOWN: '?' };

function VerdictCell({ s }: { s: JourneySummary }) {
  const v = s.journey.verdict;
  if (!v) return <td className="verdict-cell dim" title={s.journey.trafficClass === 'control' ? 'control-plane traffic: not judged' : 'no verdict'} />;
  const title = [v.state, v.answer, v.reason].filter(Boolean).join(' · ');
  return (
    <td className={`verdict-cell state-${v.state.toLowerCase()}${s.problem ? ' problem' : ''}`} title={title}>
      {s.problem && v.state !== 'STOPPED' ? '!' : (VERDICT_MARK[v.state] ?? '?')}
    </td>
  );
}

/** Capture time of the first hop, UTC, to the millisecond. */
function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** A time bound: "5m" or an ISO time; red while it does not parse (and then not applied). */
function TimeBound({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  const bad = value.trim() !== '' && Number.isNaN(parseWhen(value, Date.now()));
  return (
    <label className="filter" title={`${label}: relative (30s, 5m, 2h, 1d) or an ISO time (2026-12-05T05:30:00Z)`}>
      <span>{label}</span>
      <input className={bad ? 'time invalid' : 'time'} value={value} onChange={(e) => onChange(e.target.value)} aria-label={`${label} time`} placeholder={label === 'since' ? '5m' : 'now'} />
    </label>
  );
}

function Select({ label, value, options, onChange }: { label: string; value: string; options: string[]; onChange: (v: string) => void }) {
  // The choices come from the journeys listed; a value set before any such journey arrived (a copied
  // link) is offered too, or the select would show "all" while the table filters by it.
  const offered = value && !options.includes(value) ? [value, ...options] : options;
  return (
    <label className="filter">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={`filter by ${label}`}>
        <option value="">all</option>
        {offered.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

export const FlowTable = memo(function FlowTable({ journeys, filter, onFilter, sort, onSort, selectedId, onSelect, keeps, onQueryCollector, fromCollector }: Props) {
  const [limit, setLimit] = useState(QUERY_LIMITS[1]);
  const choices = useMemo(() => filterChoices(journeys), [journeys]);
  const rows = useMemo(() => sortSummaries(journeys.filter((s) => matches(s, filter)), sort), [journeys, filter, sort]);
  const control = useMemo(() => countControl(journeys), [journeys]);
  const set = (patch: Partial<FlowFilter>) => onFilter({ ...filter, ...patch });
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const shown = rows.slice(first, first + VIEW_ROWS + 2 * OVERSCAN);
  const below = Math.max(0, rows.length - first - shown.length) * ROW_HEIGHT;
  return (
    <section className="flow-table" aria-label="journeys">
      <div className="filters">
        <input className="search" type="search" placeholder="search: address, point, rewrite, service…" value={filter.text} onChange={(e) => set({ text: e.target.value })} aria-label="free text filter" />
        <Select label="node" value={filter.node} options={choices.nodes} onChange={(node) => set({ node })} />
        <Select label="service" value={filter.service} options={choices.services} onChange={(service) => set({ service })} />
        <Select label="network" value={filter.network} options={choices.networks} onChange={(network) => set({ network })} />
        <Select label="proto" value={filter.protocol} options={choices.protocols} onChange={(protocol) => set({ protocol })} />
        <label className="filter">
          <span>port</span>
          <input className="narrow" inputMode="numeric" value={filter.port} onChange={(e) => set({ port: e.target.value })} aria-label="filter by port" />
        </label>
        <label className="filter">
          <span>IP</span>
          <input value={filter.ip} onChange={(e) => set({ ip: e.target.value })} aria-label="filter by IP" placeholder="10.0.1." />
        </label>
        <label className="filter check" title="journeys that stopped, went unanswered, were reset or found no listener">
          <input type="checkbox" checked={filter.problems} onChange={(e) => set({ problems: e.target.checked })} aria-label="problems only" />
          <span>problems</span>
        </label>
        <TimeBound label="since" value={filter.since} onChange={(since) => set({ since })} />
        <TimeBound label="until" value={filter.until} onChange={(until) => set({ until })} />
        <label className="filter check" title="the swarm's own chatter: gossip (7946), raft (2377); hidden by default">
          <input type="checkbox" checked={filter.control} onChange={(e) => set({ control: e.target.checked })} aria-label="show control-plane traffic" />
          <span>
            control-plane <span data-testid="control-count">{control}</span>
          </span>
        </label>
      </div>
      {fromCollector && (
        <div className={`collector-result${fromCollector.error ? ' error' : ''}`} data-testid="collector-result">
          {fromCollector.busy
            ? 'asking the collector…'
            : fromCollector.error || `${fromCollector.count} journeys from the collector (newest matching, at most ${fromCollector.limit}); the table filters them further`}
          <button onClick={fromCollector.onBackToLive}>back to live</button>
        </div>
      )}
      <div className="table-count">
        <span data-testid="flow-count">
          {rows.length === journeys.length ? `${journeys.length} journeys` : `${rows.length} of ${journeys.length} journeys`}
          {!filter.control && control > 0 && ` · ${control} control-plane hidden`}
        </span>
        <span className="table-actions">
          <button onClick={() => saveFile(`journeys-${stamp()}.json`, 'application/json', journeysJson(rows))} disabled={rows.length === 0} title="the journeys listed, as JSON">
            JSON
          </button>
          <button onClick={() => saveFile(`journeys-${stamp()}.csv`, 'text/csv', journeysCsv(rows))} disabled={rows.length === 0} title="the journeys listed, as CSV">
            CSV
          </button>
          <button onClick={() => onQueryCollector(limit)} title={`the page keeps the last ${keeps} journeys; the collector keeps more: ask it for those matching these filters`} aria-label="load more from the collector">
            more from collector
          </button>
          <select className="narrow" value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="how many to load from the collector">
            {QUERY_LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </span>
      </div>
      <div className="table-scroll" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <table>
          <thead>
            <tr>
              {COLUMNS.map(({ key, title }) =>
                key === null ? (
                  <th key={title} className="unsortable">
                    {title}
                  </th>
                ) : (
                  <th
                    key={key}
                    onClick={() => onSort({ key, descending: sort.key === key ? !sort.descending : key === 'time' })}
                    aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                  >
                    {title}
                    {sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : ''}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{ height: first * ROW_HEIGHT }} aria-hidden />}
            {shown.map((s) => (
              <tr
                key={s.id}
                style={{ height: ROW_HEIGHT }}
                className={s.id === selectedId ? 'selected' : undefined}
                onClick={() => onSelect(s.id === selectedId ? null : s.id)}
                data-journey={s.id}
                data-verdict={s.journey.verdict?.state ?? ''}
                data-class={s.journey.trafficClass}
                data-problem={s.problem ? 'true' : undefined}
              >
                <VerdictCell s={s} />
                <td>
                  <span className="proto" style={{ color: protocolColor(s.proto) }}>
                    {s.proto}
                  </span>
                </td>
                <td className="mono">{s.src}</td>
                <td className="mono" title={s.dst !== s.finalDst ? `sent to ${s.dst}` : undefined}>
                  {s.finalDst}
                </td>
                <td title={s.rewrites.join(', ')}>
                  {s.rewrites.map((r) => (
                    <span key={r} className={`badge badge-${r.split(' ')[0].toLowerCase()}`}>
                      {r.split(' ')[0]}
                    </span>
                  ))}
                </td>
                <td>{s.service ?? '—'}</td>
                <td className="dim">{s.nodes.join(' → ')}</td>
                <td className="num">{s.journey.hops.length}</td>
                <td className="mono dim">{clock(s.startMs)}</td>
              </tr>
            ))}
            {below > 0 && <tr style={{ height: below }} aria-hidden />}
          </tbody>
        </table>
        {journeys.length === 0 && <p className="empty-note">No journeys yet. They appear as soon as agents see packets at two or more points.</p>}
        {journeys.length > 0 && rows.length === 0 && <p className="empty-note">{filter.problems && Object.values({ ...filter, problems: '', control: '' }).every((v) => !v)
              ? 'No problems among these journeys.'
              : control === journeys.length && !filter.control
                ? 'Only control-plane traffic so far (hidden): tick "control-plane" to see it.'
                : 'No journey matches these filters.'}</p>}
      </div>
    </section>
  );
});

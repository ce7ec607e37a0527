// The static drawing: underlay, network bands, node columns with their layers, lanes, conduits and tunnels.
// Re-rendered only when the topology or the selection changes.
import { memo } from 'react';
import type { LayoutBox, TopologyLayout } from '../layout/topologyLayout';
import { svgPath, type Point } from '../layout/geometry';
import type { StopBreak } from '../anim/journeyTrack';

interface Props {
  layout: TopologyLayout;
  /** The selected journey's legs and hop positions, drawn as a highlighted path; where it stopped, if it did. */
  highlight: { legs: Point[][]; positions: Point[]; stop: StopBreak | null } | null;
}

/** The leg a stopped packet never travelled: red and dashed, crossed out halfway, naming the point it missed. */
function Break({ stop }: { stop: StopBreak }) {
  const { x, y } = stop.mark;
  return (
    <g className="stop-break" data-testid="stop-break" data-expected-next={stop.expectedNext}>
      {stop.points.length >= 2 && <path d={svgPath(stop.points)} />}
      <circle cx={x} cy={y} r={9} />
      <path className="stop-cross" d={`M${x - 4},${y - 4} L${x + 4},${y + 4} M${x + 4},${y - 4} L${x - 4},${y + 4}`} />
      <text x={x + 13} y={y + 4}>
        never reached {stop.expectedNext}
      </text>
    </g>
  );
}

function Box({ b }: { b: LayoutBox }) {
  return (
    <g className={`box box-${b.kind}`} data-box={b.id}>
      <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={6} style={{ stroke: b.color }} />
      <text className="box-title" x={b.x + 8} y={b.y + 14}>
        {b.title}
      </text>
      {b.subtitle && (
        <text className="box-subtitle" x={b.kind === 'container' ? b.x + 8 : b.x + b.w - 8} y={b.kind === 'container' ? b.y + 14 : b.y + 14} textAnchor={b.kind === 'container' ? undefined : 'end'} dx={b.kind === 'container' ? textWidth(b.title) + 8 : 0}>
          {b.subtitle}
        </text>
      )}
      {b.chips.map((c) => (
        <g key={c.label + c.x} className="chip">
          <rect x={c.x} y={c.y} width={c.w} height={c.h} rx={4} style={{ stroke: c.color }} />
          <text x={c.x + 5} y={c.y + c.h / 2 + 3.5}>
            <tspan className="chip-label">{c.label}</tspan>
            <tspan className="chip-detail" dx={4}>
              {c.detail}
            </tspan>
          </text>
        </g>
      ))}
      {b.lines.map((l) => (
        <g key={l.y}>
          <circle cx={b.x + 5} cy={l.y} r={3} style={{ fill: l.color }} />
          <text className="box-line" x={b.x + 13} y={l.y + 3.5}>
            {l.text}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Hop numbers; a point visited twice (a NIC in and out) gets its second number beside the first. */
function numberMarks(positions: Point[]): { x: number; y: number; n: number }[] {
  const seen = new Map<string, number>();
  return positions.map((p, i) => {
    const key = `${p.x}|${p.y}`;
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return { x: p.x + k * 17, y: p.y, n: i + 1 };
  });
}

/** Rough width of a bold 12 px title, to place the container's service after it. */
function textWidth(s: string): number {
  return s.length * 7;
}

export const TopologyView = memo(function TopologyView({ layout, highlight }: Props) {
  const u = layout.underlay;
  return (
    <g className="topology">
      {layout.bands.map((b) => (
        <g key={b.network.key} className="band">
          <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={10} style={{ fill: b.network.color }} />
          <text x={b.x + 10} y={b.y + 15}>
            <tspan className="band-name" style={{ fill: b.network.color }}>
              {b.network.name}
            </tspan>
            <tspan className="band-detail" dx={8}>
              overlay network · VNI {b.network.vni ?? '?'}
              {b.network.subnets.length > 0 && ` · ${b.network.subnets.join(', ')}`}
              {b.network.ingress && ' · routing mesh'}
            </tspan>
          </text>
        </g>
      ))}
      <g className="underlay">
        <line x1={u.x1} y1={u.y} x2={u.x2} y2={u.y} />
        <text x={u.x1 + 2} y={u.y - 8}>
          underlay network (node addresses) · VXLAN travels here as UDP 4789
        </text>
      </g>
      {layout.columns.map((c) => (
        <g key={c.nodeId} className={c.gone ? 'column column-gone' : 'column'}>
          <rect x={c.x} y={c.y} width={c.w} height={c.h} rx={10} />
          <text className="column-title" x={c.x + 10} y={c.y + 18}>
            {c.title}
            {c.gone && (
              <tspan className="column-gone-label" dx={8}>
                {c.gone}
              </tspan>
            )}
          </text>
          <text className="column-subtitle" x={c.x + 10} y={c.y + 32}>
            {c.subtitle}
          </text>
        </g>
      ))}
      {layout.wires.map((w, i) => (
        <path key={i} className={`wire wire-${w.kind}`} d={svgPath(w.points)} style={{ stroke: w.color }} />
      ))}
      {layout.tunnels.map((t) => (
        <g key={`${t.networkKey}|${t.from}|${t.to}`} className="tunnel">
          <path d={svgPath(t.points)} style={{ stroke: t.color }} />
          {t.label && (
            <text x={(t.points[0].x + t.points[t.points.length - 1].x) / 2} y={Math.max(...t.points.map((p) => p.y)) + 11} textAnchor="middle" style={{ fill: t.color }}>
              {t.label}
            </text>
          )}
        </g>
      ))}
      {layout.boxes.map((b) => (
        <Box key={b.id} b={b} />
      ))}
      {highlight && (
        <g className="highlight">
          {highlight.legs.map((leg, i) => (
            <path key={i} d={svgPath(leg)} />
          ))}
          {numberMarks(highlight.positions).map((m) => (
            <g key={m.n}>
              <circle cx={m.x} cy={m.y} r={7.5} />
              <text x={m.x} y={m.y + 3.5} textAnchor="middle">
                {m.n}
              </text>
            </g>
          ))}
          {highlight.stop && <Break stop={highlight.stop} />}
        </g>
      )}
    </g>
  );
});

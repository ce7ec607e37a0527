// The inspector's hop table: each hop's headers, field by field, marked where they differ from the hop
// before (the rewrite made visible), and the time since the previous hop when the two share a clock.
import type { Hop, Rewrite } from '../models/journey';
import { legMicros } from '../anim/timeline';
import { reversedNat } from '../models/rewrites';

export interface FieldCell {
  name: string;
  value: string;
  changed: boolean;
}

export interface HopRow {
  hop: Hop;
  /** µs since the previous hop, or null (first hop, or the previous hop is on another node's clock). */
  deltaUs: number | null;
  crossesClock: boolean;
  inner: FieldCell[];
  /** Outer VXLAN headers when the packet is encapsulated at this hop. */
  outer: FieldCell[] | null;
}

function innerValues(h: Hop): [string, string][] {
  const ports = h.proto === 'TCP' || h.proto === 'UDP' || h.proto === 'SCTP';
  return [
    ['src', h.src],
    ['sport', ports ? String(h.sport) : ''],
    ['dst', h.dst],
    ['dport', ports ? String(h.dport) : ''],
    ['proto', h.proto],
    ['ttl', h.ttl === null ? '' : String(h.ttl)],
    ['ip id', h.ip_id === null ? '' : `0x${h.ip_id.toString(16).padStart(4, '0')}`],
    ['flags', h.tcp_flags === null ? '' : tcpFlagNames(h.tcp_flags)],
  ];
}

const TCP_FLAGS: [number, string][] = [[0x02, 'SYN'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x10, 'ACK'], [0x20, 'URG']];

/** "SYN ACK" for 0x12; "—" for none. */
export function tcpFlagNames(flags: number): string {
  const names = TCP_FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
  return names.length ? names.join(' ') : '—';
}

/**
 * A rewrite in one line: the fields it changed when the collector lists them ("ip.dst 203.0.113.11 →
 * 172.21.0.2", "outer.vni 4096 (new)"), else its endpoints, or the outer headers ENCAP adds / DECAP removes.
 * un-SNAT / un-DNAT say what they undo: "… (reverse of the request's SNAT)".
 */
export function describeRewrite(r: Rewrite): string {
  const what = changesOf(r);
  const reverses = reversedNat(r.kind);
  return reverses ? `${what}${what ? ' ' : ''}(${reverses})` : what;
}

function changesOf(r: Rewrite): string {
  if (r.changes.length > 0) {
    return r.changes
      .map((c) => {
        const field = c.field.replace(/^inner\./, '');
        if (!c.before) return `${field} ${c.after} (new)`;
        if (!c.after) return `${field} ${c.before} (removed)`;
        return `${field} ${c.before} → ${c.after}`;
      })
      .join(', ');
  }
  if (r.kind === 'ENCAP' && r.after && !r.before) return `adds outer ${r.after}`;
  if (r.kind === 'DECAP' && r.before && !r.after) return `removes outer ${r.before}`;
  return r.before || r.after ? `${r.before || '∅'} → ${r.after || '∅'}` : '';
}

function outerValues(h: Hop): [string, string][] | null {
  if (!h.outer) return null;
  return [
    ['src', h.outer.src],
    ['sport', String(h.outer.sport)],
    ['dst', h.outer.dst],
    ['dport', String(h.outer.dport)],
    ['vni', String(h.outer.vni)],
  ];
}

function cells(values: [string, string][], previous: [string, string][] | null): FieldCell[] {
  return values.map(([name, value], i) => ({ name, value, changed: previous !== null && previous[i][1] !== value && value !== '' }));
}

export function hopRows(hops: Hop[]): HopRow[] {
  const legs = legMicros(hops);
  return hops.map((hop, i) => {
    const prev = i > 0 ? hops[i - 1] : null;
    const outer = outerValues(hop);
    const prevOuter = prev ? outerValues(prev) : null;
    return {
      hop,
      deltaUs: i === 0 ? null : legs[i - 1],
      crossesClock: prev !== null && prev.node !== hop.node,
      inner: cells(innerValues(hop), prev ? innerValues(prev) : null),
      // Outer headers that appear at this hop are all new (ENCAP); compared field by field otherwise.
      outer: outer ? outer.map(([name, value], k) => ({ name, value, changed: prev !== null && (prevOuter === null || prevOuter[k][1] !== value) })) : null,
    };
  });
}

export function formatMicros(us: number | null): string {
  if (us === null) return '—';
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${us.toFixed(us < 10 ? 1 : 0)} µs`;
}

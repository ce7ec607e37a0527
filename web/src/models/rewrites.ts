// How the page names a rewrite. On a reply, conntrack reverses the request's NAT: the collector says UN_SNAT
// (the destination put back to what the request's SNAT replaced) and UN_DNAT (the source put back to what
// its DNAT replaced), shown as un-SNAT / un-DNAT so they are not read as NAT of the reply's own.
import type { Rewrite } from './journey';

const REVERSES: Record<string, string> = { UN_SNAT: 'SNAT', UN_DNAT: 'DNAT' };

/** "DNAT", "ENCAP", or "un-SNAT" / "un-DNAT" for conntrack's reversal of the request's NAT on a reply. */
export function rewriteName(kind: string): string {
  return REVERSES[kind] ? `un-${REVERSES[kind]}` : kind;
}

/** A rewrite's short label: its name, with the VNI for ENCAP/DECAP ("ENCAP 4096"). */
export function rewriteLabel(r: Pick<Rewrite, 'kind' | 'vni'>): string {
  return (r.kind === 'ENCAP' || r.kind === 'DECAP') && r.vni ? `${r.kind} ${r.vni}` : rewriteName(r.kind);
}

/** CSS class of a rewrite's badge: badge-dnat, badge-un-snat, ... */
export function rewriteBadgeClass(kind: string): string {
  return `badge badge-${rewriteName(kind).toLowerCase()}`;
}

/** For un-SNAT / un-DNAT, what they undo ("reverse of the request's SNAT"); null for other kinds. */
export function reversedNat(kind: string): string | null {
  return REVERSES[kind] ? `reverse of the request's ${REVERSES[kind]}` : null;
}

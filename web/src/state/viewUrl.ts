// The view in the page's URL, so a copied link opens the same filters, time window and selected journey:
// ?node=node2&proto=TCP&port=3306&ip=10.0.1.&q=encap&problems=1&control=1&since=5m&until=...&journey=2142.
// Parameters the view does not own (?load=N) are kept as they are; defaults are left out.
import { NO_FILTER, type FlowFilter } from '../flows/filter';

export interface View {
  filter: FlowFilter;
  /** The selected journey's id, or null. */
  journey: string | null;
}

const TEXT_PARAMS: [keyof FlowFilter, string][] = [
  ['node', 'node'],
  ['service', 'service'],
  ['network', 'network'],
  ['protocol', 'proto'],
  ['port', 'port'],
  ['ip', 'ip'],
  ['text', 'q'],
  ['since', 'since'],
  ['until', 'until'],
];
const FLAG_PARAMS: [keyof FlowFilter, string][] = [
  ['problems', 'problems'],
  ['control', 'control'],
];
const OWNED = new Set(['journey', ...TEXT_PARAMS.map(([, p]) => p), ...FLAG_PARAMS.map(([, p]) => p)]);

export function readView(search: string): View {
  const params = new URLSearchParams(search);
  const filter: Record<string, string | boolean> = { ...NO_FILTER };
  for (const [key, param] of TEXT_PARAMS) filter[key] = params.get(param) ?? '';
  for (const [key, param] of FLAG_PARAMS) filter[key] = ['1', 'true', 'yes'].includes((params.get(param) ?? '').toLowerCase());
  return { filter: filter as unknown as FlowFilter, journey: params.get('journey') || null };
}

/** The query string ("?..." or "") for this view, keeping the parameters of `search` it does not own. */
export function writeView(view: View, search: string): string {
  const params = new URLSearchParams(search);
  for (const p of OWNED) params.delete(p);
  for (const [key, param] of TEXT_PARAMS) {
    const v = String(view.filter[key]).trim();
    if (v) params.set(param, v);
  }
  for (const [key, param] of FLAG_PARAMS) if (view.filter[key]) params.set(param, '1');
  if (view.journey) params.set('journey', view.journey);
  const text = params.toString();
  return text ? `?${text}` : '';
}

// The table's filters as a collector query (GET /api/v1/journeys): what the collector can filter on goes in
// the query; the rest (free text, control-plane, an IP prefix that is no CIDR) is applied to the answer in
// the page, like every other journey.
import { parseWhen, type FlowFilter } from '../flows/filter';

/** "10.0.1." (the page's prefix form) as the CIDR the collector takes; an address or CIDR as it is. */
export function ipForCollector(ip: string): string | null {
  const t = ip.trim();
  if (!t) return null;
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(t) || (t.includes(':') && !t.endsWith(':'))) return t;
  const prefix = /^(\d{1,3}(?:\.\d{1,3}){0,2})\.$/.exec(t);
  if (!prefix) return null;
  const octets = prefix[1].split('.');
  return `${[...octets, ...Array(4 - octets.length).fill('0')].join('.')}/${octets.length * 8}`;
}

export function journeysQuery(filter: FlowFilter, limit: number, nowMs = Date.now()): string {
  const q = new URLSearchParams({ limit: String(limit) });
  if (filter.node) q.append('node', filter.node);
  if (filter.service) q.append('service', filter.service);
  if (filter.network) q.append('network', filter.network);
  if (filter.protocol) q.append('proto', filter.protocol.toLowerCase());
  if (/^\d+$/.test(filter.port.trim())) q.append('port', filter.port.trim());
  const ip = ipForCollector(filter.ip);
  if (ip) q.append('ip', ip);
  if (filter.problems) q.append('verdict', 'PROBLEM');
  // absolute instants, so the query means the same whenever it is sent
  for (const bound of ['since', 'until'] as const) {
    const ms = parseWhen(filter[bound], nowMs);
    if (ms !== null && !Number.isNaN(ms)) q.append(bound, new Date(ms).toISOString());
  }
  return `api/v1/journeys?${q}`;
}

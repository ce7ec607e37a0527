// The journeys the table shows, as files: JSON (the collector's one shape, the proto's JSON mapping of
// Journey, as GET /api/v1/journeys answers) and CSV (one row per journey, what the table and the verdict say).
import { encodeJourney } from '../api/decode';
import type { JourneySummary } from './summary';

export function journeysJson(list: JourneySummary[]): string {
  return JSON.stringify({ journeys: list.map((s) => encodeJourney(s.journey)) }, null, 1);
}

const CSV_COLUMNS: [string, (s: JourneySummary) => string | number][] = [
  ['id', (s) => s.id],
  ['time', (s) => new Date(s.startMs).toISOString()],
  ['class', (s) => s.journey.trafficClass],
  ['verdict', (s) => s.journey.verdict?.state ?? ''],
  ['answer', (s) => s.journey.verdict?.answer ?? ''],
  ['problem', (s) => (s.problem ? 'true' : 'false')],
  ['cause', (s) => (s.journey.verdict && s.journey.verdict.cause !== 'NONE' ? s.journey.verdict.cause : '')],
  ['last_point', (s) => s.journey.verdict?.lastPoint ?? ''],
  ['expected_next', (s) => s.journey.verdict?.expectedNext ?? ''],
  ['proto', (s) => s.proto],
  ['src', (s) => s.src],
  ['dst', (s) => s.dst],
  ['final_dst', (s) => s.finalDst],
  ['service', (s) => s.service ?? ''],
  ['nodes', (s) => s.nodes.join(' > ')],
  ['networks', (s) => s.networks.join(' ')],
  ['rewrites', (s) => s.rewrites.join(', ')],
  ['hops', (s) => s.journey.hops.length],
  ['reason', (s) => s.journey.verdict?.reason ?? ''],
];

function csvField(v: string | number): string {
  const t = String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function journeysCsv(list: JourneySummary[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const s of list) lines.push(CSV_COLUMNS.map(([, get]) => csvField(get(s))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary link. */
export function saveFile(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Dot colours: by protocol (a fixed legend) or by service (stable per name).
export type ColorBy = 'protocol' | 'service';

export const PROTOCOL_COLORS: Record<string, string> = { TCP: '#2f9bff', UDP: '#ff6fb0', ICMP: '#7fd13b' };
const OTHER = '#c58bff';
/** A stopped journey's marks: the break on the drawing and the label where its dot ends. */
export const STOP_COLOR = '#ff5c5c';
const SERVICE_PALETTE = ['#2f9bff', '#ff6fb0', '#7fd13b', '#ffb02e', '#19c3c3', '#c58bff', '#ff7a45', '#9aa7ff'];
const NO_SERVICE = '#a0a8b4';

export function protocolColor(proto: string): string {
  return PROTOCOL_COLORS[proto] ?? OTHER;
}

export function serviceColor(service: string | null): string {
  if (!service) return NO_SERVICE;
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
  return SERVICE_PALETTE[h % SERVICE_PALETTE.length];
}

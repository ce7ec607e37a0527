import { describe, expect, it } from 'vitest';
import { ipForCollector, journeysQuery } from './query';
import { NO_FILTER } from '../flows/filter';

describe('collector query', () => {
  it('journeysQuery_tableFilters_asTheCollectorsParameters', () => {
    const now = Date.parse('2026-12-05T06:00:00Z');
    const q = journeysQuery({ ...NO_FILTER, node: 'node2', service: 'web', network: 'wordpress_net', protocol: 'TCP', port: '3306', ip: '10.0.1.', problems: true, text: 'encap', control: true, since: '5m' }, 5000, now);
    expect(q).toBe('api/v1/journeys?limit=5000&node=node2&service=web&network=wordpress_net&proto=tcp&port=3306&ip=10.0.1.0%2F24&verdict=PROBLEM&since=2026-12-05T05%3A55%3A00.000Z');
    expect(journeysQuery(NO_FILTER, 200)).toBe('api/v1/journeys?limit=200');
    expect(journeysQuery({ ...NO_FILTER, port: 'x', since: 'soon' }, 10)).toBe('api/v1/journeys?limit=10');
  });

  it('ipForCollector_prefixBecomesCidr_oddTextLeftToThePage', () => {
    expect(ipForCollector('10.0.1.6')).toBe('10.0.1.6');
    expect(ipForCollector('10.0.0.0/16')).toBe('10.0.0.0/16');
    expect(ipForCollector('10.')).toBe('10.0.0.0/8');
    expect(ipForCollector('198.51.100.')).toBe('198.51.100.0/24');
    expect(ipForCollector('10.0.1')).toBeNull();
    expect(ipForCollector('')).toBeNull();
  });
});

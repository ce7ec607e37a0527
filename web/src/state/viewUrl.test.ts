import { describe, expect, it } from 'vitest';
import { readView, writeView } from './viewUrl';
import { NO_FILTER } from '../flows/filter';

describe('view in the URL', () => {
  it('writeView_thenReadView_sameFiltersWindowAndJourney', () => {
    const view = {
      filter: { ...NO_FILTER, node: 'node2', protocol: 'TCP', port: '3306', ip: '10.0.1.', text: 'encap 4097', problems: true, control: true, since: '5m', until: '2026-12-05T05:30:00Z' },
      journey: '2142',
    };
    const search = writeView(view, '');
    expect(search).toBe('?node=node2&proto=TCP&port=3306&ip=10.0.1.&q=encap+4097&since=5m&until=2026-12-05T05%3A30%3A00Z&problems=1&control=1&journey=2142');
    expect(readView(search)).toEqual(view);
  });

  it('writeView_defaults_leftOut_foreignParamsKept', () => {
    expect(writeView({ filter: NO_FILTER, journey: null }, '?load=200&node=node1&journey=7')).toBe('?load=200');
    expect(writeView({ filter: NO_FILTER, journey: null }, '')).toBe('');
  });

  it('readView_emptyOrOddValues_defaults', () => {
    expect(readView('')).toEqual({ filter: NO_FILTER, journey: null });
    expect(readView('?problems=0&control=yes&journey=').filter).toMatchObject({ problems: false, control: true });
    expect(readView('?journey=').journey).toBeNull();
  });
});

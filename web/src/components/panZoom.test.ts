import { describe, expect, it } from 'vitest';
import { LEGIBLE_SCALE, MAX_SCALE, easeTowards, fitView, zoomAround } from './panZoom';

describe('pan and zoom', () => {
  it('fitView_wideContent_scaledDownAndCentred', () => {
    const v = fitView(800, 600, 1100, 600, 0);
    expect(v.scale).toBeCloseTo(800 / 1100);
    expect(v.tx).toBeCloseTo(0);
    expect(v.ty).toBeCloseTo((600 - 600 * v.scale) / 2);
  });

  it('fitView_tooWideToRead_showsTheLeftPartAtALegibleScale', () => {
    const v = fitView(800, 700, 3000, 600, 10);
    expect(v.scale).toBe(0.8);
    expect(v.tx).toBe(10);
    expect(fitView(800, 300, 3000, 600, 10).scale).toBe(LEGIBLE_SCALE);
  });

  it('fitView_smallContent_notEnlargedPastLimit', () => {
    expect(fitView(2000, 2000, 100, 100).scale).toBe(1.4);
  });

  it('zoomAround_pointUnderCursorStays', () => {
    const v = { scale: 1, tx: 10, ty: 20 };
    const z = zoomAround(v, 2, 110, 120); // content point (100, 100)
    expect((110 - z.tx) / z.scale).toBeCloseTo(100);
    expect((120 - z.ty) / z.scale).toBeCloseTo(100);
    expect(zoomAround(v, 1000, 0, 0).scale).toBe(MAX_SCALE);
  });

  it('easeTowards_repeated_convergesOnTheViewportCentre', () => {
    let v = { scale: 2, tx: 0, ty: 0 };
    for (let i = 0; i < 200; i++) v = easeTowards(v, 50, 40, 400, 300);
    expect(v.tx + 50 * 2).toBeCloseTo(200);
    expect(v.ty + 40 * 2).toBeCloseTo(150);
  });
});

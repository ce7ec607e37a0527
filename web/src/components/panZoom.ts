// Pan and zoom of the canvas, applied as a CSS transform on the stage that holds the drawing, outside React:
// dragging, wheel zoom and "follow this flow" re-render nothing and mostly only move an already painted
// layer. The packet layer reads `view` each frame to draw at the same place.

export interface View {
  scale: number;
  tx: number;
  ty: number;
}

export const MIN_SCALE = 0.2;
export const MAX_SCALE = 4;

/** Below this scale the drawing's text is too small to read. */
export const LEGIBLE_SCALE = 0.62;

/**
 * The transform that shows the whole content centred, never enlarged past 1.4x. When the whole would be
 * too small to read (many nodes), it shows the left part (manager first) at a legible scale to pan from.
 */
export function fitView(viewW: number, viewH: number, contentW: number, contentH: number, padding = 12): View {
  if (contentW <= 0 || contentH <= 0 || viewW <= 0 || viewH <= 0) return { scale: 1, tx: 0, ty: 0 };
  const fitHeight = (viewH - 2 * padding) / contentH;
  const whole = Math.min((viewW - 2 * padding) / contentW, fitHeight, 1.4);
  if (whole >= LEGIBLE_SCALE) return { scale: whole, tx: (viewW - contentW * whole) / 2, ty: Math.max(padding, (viewH - contentH * whole) / 2) };
  const scale = Math.max(Math.min(fitHeight, 0.8), LEGIBLE_SCALE);
  return { scale, tx: padding, ty: Math.max(padding, (viewH - contentH * scale) / 2) };
}

/** Zooms by `factor` keeping the content point under (px, py) where it is. */
export function zoomAround(v: View, factor: number, px: number, py: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor));
  const k = scale / v.scale;
  return { scale, tx: px - (px - v.tx) * k, ty: py - (py - v.ty) * k };
}

/** One easing step towards having content point (x, y) at the viewport centre. */
export function easeTowards(v: View, x: number, y: number, viewW: number, viewH: number, rate = 0.12): View {
  const tx = viewW / 2 - x * v.scale;
  const ty = viewH / 2 - y * v.scale;
  return { scale: v.scale, tx: v.tx + (tx - v.tx) * rate, ty: v.ty + (ty - v.ty) * rate };
}

export class PanZoom {
  view: View = { scale: 1, tx: 0, ty: 0 };
  private content = { w: 0, h: 0 };

  constructor(private readonly viewport: HTMLElement, private readonly stage: HTMLElement) {}

  setContent(w: number, h: number): void {
    this.content = { w, h };
  }

  fit(): void {
    const r = this.viewport.getBoundingClientRect();
    this.set(fitView(r.width, r.height, this.content.w, this.content.h));
  }

  follow(x: number, y: number): void {
    const r = this.viewport.getBoundingClientRect();
    this.set(easeTowards(this.view, x, y, r.width, r.height));
  }

  zoom(factor: number, clientX?: number, clientY?: number): void {
    const r = this.viewport.getBoundingClientRect();
    this.set(zoomAround(this.view, factor, (clientX ?? r.left + r.width / 2) - r.left, (clientY ?? r.top + r.height / 2) - r.top));
  }

  set(v: View): void {
    this.view = v;
    this.stage.style.transform = `translate(${v.tx.toFixed(1)}px, ${v.ty.toFixed(1)}px) scale(${v.scale.toFixed(4)})`;
  }

  /** Wheel zooms at the cursor, dragging the background pans. Returns the detach function. */
  attach(): () => void {
    const el = this.viewport;
    let drag: { x: number; y: number; id: number } | null = null;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY);
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0 || (e.target as Element).closest('button')) return;
      drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
      el.setPointerCapture(e.pointerId);
      el.classList.add('dragging');
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || drag.id !== e.pointerId) return;
      this.set({ ...this.view, tx: this.view.tx + e.clientX - drag.x, ty: this.view.ty + e.clientY - drag.y });
      drag = { ...drag, x: e.clientX, y: e.clientY };
    };
    const onUp = (e: PointerEvent) => {
      if (drag?.id === e.pointerId) drag = null;
      el.classList.remove('dragging');
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    return () => {
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
    };
  }
}

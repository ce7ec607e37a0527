// Pan and zoom of the canvas, applied as one SVG transform outside React so dragging, wheel zoom and
// "follow this flow" never re-render the drawing.

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

  constructor(private readonly svg: SVGSVGElement, private readonly group: SVGGElement) {}

  setContent(w: number, h: number): void {
    this.content = { w, h };
  }

  fit(): void {
    const r = this.svg.getBoundingClientRect();
    this.set(fitView(r.width, r.height, this.content.w, this.content.h));
  }

  follow(x: number, y: number): void {
    const r = this.svg.getBoundingClientRect();
    this.set(easeTowards(this.view, x, y, r.width, r.height));
  }

  zoom(factor: number, clientX?: number, clientY?: number): void {
    const r = this.svg.getBoundingClientRect();
    this.set(zoomAround(this.view, factor, (clientX ?? r.left + r.width / 2) - r.left, (clientY ?? r.top + r.height / 2) - r.top));
  }

  set(v: View): void {
    this.view = v;
    this.group.setAttribute('transform', `translate(${v.tx.toFixed(1)},${v.ty.toFixed(1)}) scale(${v.scale.toFixed(4)})`);
  }

  /** Wheel zooms at the cursor, dragging the background pans. Returns the detach function. */
  attach(): () => void {
    const svg = this.svg;
    let drag: { x: number; y: number; id: number } | null = null;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY);
    };
    const onDown = (e: PointerEvent) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('dragging');
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || drag.id !== e.pointerId) return;
      this.set({ ...this.view, tx: this.view.tx + e.clientX - drag.x, ty: this.view.ty + e.clientY - drag.y });
      drag = { ...drag, x: e.clientX, y: e.clientY };
    };
    const onUp = (e: PointerEvent) => {
      if (drag?.id === e.pointerId) drag = null;
      svg.classList.remove('dragging');
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    svg.addEventListener('pointerdown', onDown);
    svg.addEventListener('pointermove', onMove);
    svg.addEventListener('pointerup', onUp);
    svg.addEventListener('pointercancel', onUp);
    return () => {
      svg.removeEventListener('wheel', onWheel);
      svg.removeEventListener('pointerdown', onDown);
      svg.removeEventListener('pointermove', onMove);
      svg.removeEventListener('pointerup', onUp);
      svg.removeEventListener('pointercancel', onUp);
    };
  }
}

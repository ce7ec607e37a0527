// The moving packets, drawn on a <canvas> above the drawing each animation frame, without React: the
// SVG drawing is not repainted while hundreds of dots move. Pan and zoom come from the PanZoom view.
import { useEffect, useRef } from 'react';
import type { CanvasStore } from '../state/store';
import type { TopologyLayout } from '../layout/topologyLayout';
import type { JourneySummary } from '../flows/summary';
import { Scene, type LabelEvent, type Run } from '../anim/scene';
import { journeyTrack } from '../anim/journeyTrack';
import { protocolColor, serviceColor, type ColorBy } from '../anim/colors';
import type { PanZoom } from './panZoom';
import { SpriteCache } from './sprites';

const LABEL_MS = 1400;
const MAX_LABELS = 80;
const DOT_RADIUS = 5.5;
const FOLLOWED_RADIUS = 8;

export interface FrameStats {
  frames: number;
  dots: number;
  /** Longest time between two frames in the last second, ms. */
  worstFrameMs: number;
  fps: number;
  /** Mean time this layer's own frame work took in the last second, ms. */
  drawMs: number;
}

declare global {
  interface Window {
    __canvasStats?: FrameStats;
    /** The animation state, for tests: hops passed, runs moving. */
    __canvasScene?: Scene;
    /** performance.now() of the first frame that drew a dot. */
    __canvasFirstDotMs?: number;
    /**
     * Per journey id, when its dot was first drawn: wall-clock ms (performance.timeOrigin + performance.now()
     * after the frame's drawing), comparable with the capture timestamps of its hops. The newest FIRST_DOTS_KEPT.
     */
    __canvasFirstDots?: Map<string, number>;
  }
}

const FIRST_DOTS_KEPT = 5000;

interface Props {
  store: CanvasStore;
  scene: Scene;
  layout: TopologyLayout;
  colorBy: ColorBy;
  live: boolean;
  /** Animate control-plane journeys too (hidden with them in the table by default). */
  showControl: boolean;
  /** Changes when the theme does, so colours are read again from the CSS variables. */
  theme: string;
  panZoom: React.RefObject<PanZoom | null>;
}

export function colorFor(s: JourneySummary, colorBy: ColorBy): string {
  return colorBy === 'service' ? serviceColor(s.service) : protocolColor(s.proto);
}

export function animate(scene: Scene, layout: TopologyLayout, s: JourneySummary, colorBy: ColorBy, delay = 0, open = false): void {
  scene.add(s.id, s.tuples, journeyTrack(layout, s.journey), colorFor(s, colorBy), delay, open);
}

export function PacketLayer({ store, scene, layout, colorBy, live, showControl, theme, panZoom }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const settings = useRef({ layout, colorBy, live, showControl });
  settings.current = { layout, colorBy, live, showControl };
  const colors = useRef({ background: '#0f1419', highlight: '#ffd24a' });

  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    colors.current = { background: css.getPropertyValue('--bg').trim() || '#0f1419', highlight: css.getPropertyValue('--highlight').trim() || '#ffd24a' };
  }, [theme]);

  useEffect(
    () =>
      store.onJourneys((added, updated) => {
        const { layout: l, colorBy: c, live: on, showControl: control } = settings.current;
        if (!on) return;
        // the first form, even a single hop, draws the dot at once; later forms extend its track
        for (const s of added) if (control || s.journey.trafficClass !== 'control') animate(scene, l, s, c, 0, !s.journey.complete);
        for (const s of updated) scene.extend(s.id, !s.journey.complete, () => journeyTrack(l, s.journey));
      }),
    [store, scene],
  );

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d')!;
    let width = 0;
    let height = 0;
    const dpr = window.devicePixelRatio || 1;
    const resize = new ResizeObserver(([entry]) => {
      width = entry.contentRect.width;
      height = entry.contentRect.height;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    });
    resize.observe(canvas);

    let labels: LabelEvent[] = [];
    const fresh: LabelEvent[] = [];
    let last = performance.now();
    let second = { start: last, frames: 0, worst: 0, work: 0 };
    let following = false;
    let followX = NaN;
    let followY = NaN;
    let raf = 0;

    // Dots are collected per colour, then copied from one sprite per colour.
    const byColor = new Map<string, number[]>();
    const followed: number[] = [];
    const followedColors: string[] = [];
    const firstDots = (window.__canvasFirstDots ??= new Map());
    const newlyShown: string[] = [];
    const collect = (run: Run, p: { x: number; y: number }) => {
      if (!run.shown) {
        run.shown = true;
        newlyShown.push(run.journeyId);
      }
      if (run.followed) {
        followed.push(p.x, p.y);
        followedColors.push(run.color);
        followX = p.x;
        followY = p.y;
        return;
      }
      let list = byColor.get(run.color);
      if (!list) byColor.set(run.color, (list = []));
      list.push(p.x, p.y);
    };

    // Device pixels per drawing unit and the pan offset, set each frame: dots and labels are placed in device
    // pixels (rounded) so each is a plain copy of its sprite.
    let k = 1;
    let ox = 0;
    let oy = 0;
    const sprites = new SpriteCache();
    const drawDots = () => {
      const outline = colors.current.background;
      ctx.globalAlpha = following ? 0.25 : 1;
      for (const [color, xy] of byColor) {
        if (xy.length === 0) continue;
        const sprite = sprites.dot(color, outline, DOT_RADIUS, 1.5);
        for (let i = 0; i < xy.length; i += 2) SpriteCache.blit(ctx, sprite, xy[i] * k + ox, xy[i + 1] * k + oy);
        xy.length = 0;
      }
      ctx.globalAlpha = 1;
      for (let i = 0; i < followed.length; i += 2) {
        const sprite = sprites.dot(followedColors[i / 2], colors.current.highlight, FOLLOWED_RADIUS, 3);
        SpriteCache.blit(ctx, sprite, followed[i] * k + ox, followed[i + 1] * k + oy);
      }
      followed.length = 0;
      followedColors.length = 0;
    };

    const stacked = new Map<string, number>();
    const shown = new Set<string>();
    // Newest first, one label per text at a point: under heavy traffic the same "ENCAP 4097" at one vxlan0
    // would otherwise pile up into a column; different rewrites at one point still stack.
    const drawLabels = () => {
      stacked.clear();
      shown.clear();
      for (let i = labels.length - 1; i >= 0; i--) {
        const l = labels[i];
        const key = `${l.x}|${l.y}`;
        if (shown.has(`${key}|${l.text}`)) continue;
        shown.add(`${key}|${l.text}`);
        const n = stacked.get(key) ?? 0;
        stacked.set(key, n + 1);
        const sprite = sprites.label(l.text, l.color, colors.current.background);
        ctx.globalAlpha = Math.max(0, 1 - (scene.time - l.born) / LABEL_MS);
        // Text starts a little right of and above the point; a second label at the point goes above the first.
        SpriteCache.blit(ctx, sprite, (l.x + 9) * k + ox, (l.y - 8.5 - n * 13) * k + oy);
      }
      ctx.globalAlpha = 1;
    };

    const tick = (now: number) => {
      const dt = now - last;
      last = now;
      second.frames++;
      second.worst = Math.max(second.worst, dt);
      scene.advance(dt);
      const v = panZoom.current?.view ?? { scale: 1, tx: 0, ty: 0 };
      k = v.scale * dpr;
      ox = v.tx * dpr;
      oy = v.ty * dpr;
      sprites.setScale(k);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      following = scene.runs.some((r) => r.followed);
      followX = NaN;
      fresh.length = 0;
      const drawn = scene.frame(collect, fresh);
      if (drawn > 0 && window.__canvasFirstDotMs === undefined) window.__canvasFirstDotMs = now;
      drawDots();
      if (newlyShown.length) {
        const at = performance.timeOrigin + performance.now();
        for (const id of newlyShown) if (!firstDots.has(id)) firstDots.set(id, at);
        newlyShown.length = 0;
        while (firstDots.size > FIRST_DOTS_KEPT) firstDots.delete(firstDots.keys().next().value!);
      }
      if (fresh.length) labels = labels.concat(fresh).slice(-MAX_LABELS);
      if (labels.length) {
        labels = labels.filter((l) => scene.time - l.born < LABEL_MS);
        drawLabels();
      }
      if (!Number.isNaN(followX)) panZoom.current?.follow(followX, followY);
      second.work += performance.now() - now;
      if (now - second.start >= 1000) {
        window.__canvasStats = {
          frames: second.frames, dots: drawn, worstFrameMs: Math.round(second.worst),
          fps: Math.round((second.frames * 1000) / (now - second.start)), drawMs: +(second.work / second.frames).toFixed(2),
        };
        second = { start: now, frames: 0, worst: 0, work: 0 };
      }
      raf = requestAnimationFrame(tick);
    };

    window.__canvasScene = scene;
    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      resize.disconnect();
    };
  }, [scene, panZoom]);

  return <canvas ref={canvasRef} className="packets" width={0} height={0} />;
}

// The moving packets: one SVG circle per dot and one text per rewrite label, created once and reused,
// positioned each animation frame without React. 200+ dots only cost attribute writes per frame.
import { useEffect, useRef } from 'react';
import type { CanvasStore } from '../state/store';
import type { TopologyLayout } from '../layout/topologyLayout';
import type { JourneySummary } from '../flows/summary';
import { Scene, type LabelEvent, type Run } from '../anim/scene';
import { journeyTrack } from '../anim/journeyTrack';
import { protocolColor, serviceColor, type ColorBy } from '../anim/colors';
import type { PanZoom } from './panZoom';

const SVG = 'http://www.w3.org/2000/svg';
const LABEL_MS = 1400;
const MAX_LABELS = 90;

export interface FrameStats {
  frames: number;
  dots: number;
  /** Longest time between two frames in the last second, ms. */
  worstFrameMs: number;
  fps: number;
}

declare global {
  interface Window {
    __canvasStats?: FrameStats;
  }
}

interface Props {
  store: CanvasStore;
  scene: Scene;
  layout: TopologyLayout;
  colorBy: ColorBy;
  live: boolean;
  panZoom: React.RefObject<PanZoom | null>;
}

export function colorFor(s: JourneySummary, colorBy: ColorBy): string {
  return colorBy === 'service' ? serviceColor(s.service) : protocolColor(s.proto);
}

export function animate(scene: Scene, layout: TopologyLayout, s: JourneySummary, colorBy: ColorBy, delay = 0): void {
  scene.add(s.id, s.tuples, journeyTrack(layout, s.journey), colorFor(s, colorBy), delay);
}

export function PacketLayer({ store, scene, layout, colorBy, live, panZoom }: Props) {
  const groupRef = useRef<SVGGElement>(null);
  const settings = useRef({ layout, colorBy, live });
  settings.current = { layout, colorBy, live };

  useEffect(
    () =>
      store.onJourneys((added) => {
        const { layout: l, colorBy: c, live: on } = settings.current;
        if (!on) return;
        for (const s of added) animate(scene, l, s, c);
      }),
    [store, scene],
  );

  useEffect(() => {
    const group = groupRef.current!;
    const dotLayer = document.createElementNS(SVG, 'g');
    const labelLayer = document.createElementNS(SVG, 'g');
    labelLayer.setAttribute('class', 'rewrite-labels');
    group.append(dotLayer, labelLayer);
    const dots: SVGCircleElement[] = [];
    const dotState: { color: string; followed: boolean; visible: boolean }[] = [];
    const labelEls: SVGTextElement[] = [];
    let labels: LabelEvent[] = [];
    const fresh: LabelEvent[] = [];
    let last = performance.now();
    let second = { start: last, frames: 0, worst: 0 };
    let followX = NaN;
    let followY = NaN;
    let raf = 0;

    const draw = (run: Run, p: { x: number; y: number }, slot: number) => {
      let el = dots[slot];
      if (!el) {
        el = document.createElementNS(SVG, 'circle');
        el.setAttribute('r', '5.5');
        el.setAttribute('class', 'dot');
        dotLayer.append(el);
        dots[slot] = el;
        dotState[slot] = { color: '', followed: false, visible: true };
      }
      const st = dotState[slot];
      el.setAttribute('cx', p.x.toFixed(1));
      el.setAttribute('cy', p.y.toFixed(1));
      if (st.color !== run.color) {
        el.setAttribute('fill', run.color);
        st.color = run.color;
      }
      if (st.followed !== run.followed) {
        el.setAttribute('class', run.followed ? 'dot followed' : 'dot');
        el.setAttribute('r', run.followed ? '8' : '5.5');
        st.followed = run.followed;
      }
      if (!st.visible) {
        el.removeAttribute('display');
        st.visible = true;
      }
      if (run.followed) {
        followX = p.x;
        followY = p.y;
      }
    };

    const tick = (now: number) => {
      const dt = now - last;
      last = now;
      second.frames++;
      second.worst = Math.max(second.worst, dt);
      scene.advance(dt);
      followX = NaN;
      fresh.length = 0;
      const used = scene.frame(draw, fresh);
      for (let i = used; i < dots.length; i++) {
        if (dotState[i].visible) {
          dots[i].setAttribute('display', 'none');
          dotState[i].visible = false;
        }
      }
      group.classList.toggle('following', scene.runs.some((r) => r.followed));
      if (!Number.isNaN(followX)) panZoom.current?.follow(followX, followY);
      if (fresh.length) labels = labels.concat(fresh).slice(-MAX_LABELS);
      labels = labels.filter((l) => scene.time - l.born < LABEL_MS);
      drawLabels();
      if (now - second.start >= 1000) {
        window.__canvasStats = { frames: second.frames, dots: used, worstFrameMs: Math.round(second.worst), fps: Math.round((second.frames * 1000) / (now - second.start)) };
        second = { start: now, frames: 0, worst: 0 };
      }
      raf = requestAnimationFrame(tick);
    };

    const drawLabels = () => {
      const stacked = new Map<string, number>();
      labels.forEach((l, i) => {
        let el = labelEls[i];
        if (!el) {
          el = document.createElementNS(SVG, 'text');
          el.setAttribute('class', 'rewrite-label');
          labelLayer.append(el);
          labelEls[i] = el;
        }
        const key = `${l.x}|${l.y}`;
        const n = stacked.get(key) ?? 0;
        stacked.set(key, n + 1);
        el.textContent = l.text;
        el.setAttribute('x', (l.x + 9).toFixed(1));
        el.setAttribute('y', (l.y - 9 - n * 13).toFixed(1));
        el.setAttribute('fill', l.color);
        el.setAttribute('opacity', Math.max(0, 1 - (scene.time - l.born) / LABEL_MS).toFixed(2));
        el.removeAttribute('display');
      });
      for (let i = labels.length; i < labelEls.length; i++) labelEls[i].setAttribute('display', 'none');
    };

    raf = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(raf);
      dotLayer.remove();
      labelLayer.remove();
    };
  }, [scene, panZoom]);

  return <g ref={groupRef} className="packets" />;
}

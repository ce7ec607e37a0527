// The canvas: a pan/zoom stage holding the static SVG drawing, the packet layer above it, zoom buttons.
import { useEffect, useMemo, useRef } from 'react';
import type { LayoutBox, TopologyLayout } from '../layout/topologyLayout';
import type { CanvasStore } from '../state/store';
import type { Scene } from '../anim/scene';
import type { JourneySummary } from '../flows/summary';
import { journeyPath, stopBreak } from '../anim/journeyTrack';
import { PanZoom } from './panZoom';
import { TopologyView } from './TopologyView';
import { PacketLayer } from './PacketLayer';
import { PROTOCOL_COLORS, type ColorBy } from '../anim/colors';

interface Props {
  layout: TopologyLayout;
  store: CanvasStore;
  scene: Scene;
  colorBy: ColorBy;
  live: boolean;
  showControl: boolean;
  theme: string;
  selected: JourneySummary | null;
  /** A click (not a drag) on a box of the drawing. */
  onBox: (box: LayoutBox) => void;
}

const CLICK_SLOP_PX = 4;

export function Canvas({ layout, store, scene, colorBy, live, showControl, theme, selected, onBox }: Props) {
  const viewportRef = useRef<HTMLDivElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const panZoom = useRef<PanZoom | null>(null);

  useEffect(() => {
    const pz = new PanZoom(viewportRef.current!, stageRef.current!);
    panZoom.current = pz;
    const detach = pz.attach();
    return () => {
      detach();
      panZoom.current = null;
    };
  }, []);

  // A new picture (first topology, nodes joined or left) is fitted to the window; pan and zoom stay otherwise.
  const shape = `${layout.width}x${layout.height}`;
  useEffect(() => {
    panZoom.current?.setContent(layout.width, layout.height);
    panZoom.current?.fit();
  }, [shape]);

  // Panning captures the pointer, so the box under a click is looked up where the pointer went up.
  const down = useRef<{ x: number; y: number } | null>(null);
  const onPointerDown = (e: React.PointerEvent) => {
    down.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerUp = (e: React.PointerEvent) => {
    const d = down.current;
    down.current = null;
    if (!d || Math.hypot(e.clientX - d.x, e.clientY - d.y) > CLICK_SLOP_PX) return;
    const id = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-box]')?.getAttribute('data-box');
    const box = id ? layout.boxes.find((b) => b.id === id) : undefined;
    if (box) onBox(box);
  };

  const highlight = useMemo(() => (selected ? { ...journeyPath(layout, selected.journey), stop: stopBreak(layout, selected.journey) } : null), [layout, selected]);

  return (
    <div className="canvas" ref={viewportRef} onPointerDown={onPointerDown} onPointerUp={onPointerUp}>
      <div className="stage" ref={stageRef} style={{ width: layout.width, height: layout.height }}>
        <svg className="drawing" width={layout.width} height={layout.height} viewBox={`0 0 ${layout.width} ${layout.height}`} role="img" aria-label="cluster data plane">
          <TopologyView layout={layout} highlight={highlight} />
        </svg>
      </div>
      <PacketLayer store={store} scene={scene} layout={layout} colorBy={colorBy} live={live} showControl={showControl} theme={theme} panZoom={panZoom} />
      <div className="zoom-buttons">
        <button onClick={() => panZoom.current?.zoom(1.25)} aria-label="zoom in">
          +
        </button>
        <button onClick={() => panZoom.current?.zoom(0.8)} aria-label="zoom out">
          −
        </button>
        <button onClick={() => panZoom.current?.fit()} aria-label="fit to window">
          fit
        </button>
      </div>
      {colorBy === 'protocol' && (
        <div className="legend">
          {Object.entries(PROTOCOL_COLORS).map(([p, c]) => (
            <span key={p}>
              <i style={{ background: c }} />
              {p}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

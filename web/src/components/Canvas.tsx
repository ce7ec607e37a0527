// The canvas: pan/zoom surface holding the static drawing and the packet layer, with the zoom buttons.
import { useEffect, useMemo, useRef } from 'react';
import type { TopologyLayout } from '../layout/topologyLayout';
import type { CanvasStore } from '../state/store';
import type { Scene } from '../anim/scene';
import type { JourneySummary } from '../flows/summary';
import { journeyPath } from '../anim/journeyTrack';
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
  selected: JourneySummary | null;
}

export function Canvas({ layout, store, scene, colorBy, live, selected }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const groupRef = useRef<SVGGElement>(null);
  const panZoom = useRef<PanZoom | null>(null);

  useEffect(() => {
    const pz = new PanZoom(svgRef.current!, groupRef.current!);
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

  const highlight = useMemo(() => (selected ? journeyPath(layout, selected.journey) : null), [layout, selected]);

  return (
    <div className="canvas">
      <svg ref={svgRef} className="canvas-svg" role="img" aria-label="cluster data plane">
        <g ref={groupRef}>
          <TopologyView layout={layout} highlight={highlight} />
          <PacketLayer store={store} scene={scene} layout={layout} colorBy={colorBy} live={live} panZoom={panZoom} />
        </g>
      </svg>
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

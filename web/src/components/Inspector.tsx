// One journey, hop by hop: where it was seen, the time since the previous hop (same clock only), the
// headers there (inner, and outer while encapsulated) with the fields a rewrite changed highlighted.
import { useMemo, useState } from 'react';
import type { JourneySummary } from '../flows/summary';
import { describeRewrite, formatMicros, hopRows, type FieldCell } from '../inspector/hopHeaders';
import { rewriteBadgeClass, rewriteName } from '../models/rewrites';

interface Props {
  summary: JourneySummary;
  following: boolean;
  onFollow: () => void;
  onReplay: () => void;
  onClose: () => void;
  downloadPcap: (id: string) => Promise<void>;
}

function Cells({ cells }: { cells: FieldCell[] }) {
  return (
    <>
      {cells
        .filter((c) => c.value !== '')
        .map((c) => (
          <span key={c.name} className={c.changed ? 'field changed' : 'field'} title={c.changed ? 'changed since the previous hop' : undefined}>
            <span className="field-name">{c.name}</span> {c.value}
          </span>
        ))}
    </>
  );
}

export function Inspector({ summary, following, onFollow, onReplay, onClose, downloadPcap }: Props) {
  const rows = useMemo(() => hopRows(summary.journey.hops), [summary]);
  const [pcapError, setPcapError] = useState('');
  const download = () => {
    setPcapError('');
    downloadPcap(summary.id).catch((e: unknown) => setPcapError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <section className="inspector" aria-label="journey inspector">
      <header>
        <div>
          <h2>
            Journey {summary.id} <span className="dim mono">fp {summary.journey.fp}</span>
          </h2>
          <p className="mono">
            {summary.proto} {summary.src} → {summary.finalDst}
            {summary.service && <span className="dim"> · service {summary.service}</span>}
          </p>
        </div>
        <div className="inspector-actions">
          <button onClick={onFollow} aria-pressed={following}>
            {following ? 'Following' : 'Follow this flow'}
          </button>
          <button onClick={onReplay}>Replay</button>
          <button onClick={download}>Download pcap</button>
          <button onClick={onClose} aria-label="close inspector">
            ✕
          </button>
        </div>
      </header>
      {pcapError && <p className="error">{pcapError}</p>}
      <ol className="hops">
        {rows.map((r, i) => (
          <li key={i} className={r.crossesClock ? 'crosses' : undefined}>
            <div className="hop-head">
              <span className="hop-n">{i + 1}</span>
              <span className="hop-where">
                <b>{r.hop.node}</b> <span className="mono">{r.hop.point}</span>
              </span>
              <span className="hop-delta mono" title={r.crossesClock ? 'another node: its clock is not comparable' : 'since the previous hop'}>
                {i === 0 ? 't0' : r.crossesClock ? 'other clock' : `+${formatMicros(r.deltaUs)}`}
              </span>
              {r.hop.rewrites
                .filter((w) => w.kind !== 'BRIDGE')
                .map((w, k) => (
                  <span key={k} className={rewriteBadgeClass(w.kind)} title={describeRewrite(w) || undefined}>
                    {rewriteName(w.kind)}
                    {w.vni ? ` ${w.vni}` : ''}
                  </span>
                ))}
            </div>
            {r.outer && (
              <div className="headers">
                <span className="layer">outer</span>
                <Cells cells={r.outer} />
              </div>
            )}
            <div className="headers">
              <span className="layer">{r.outer ? 'inner' : 'ip'}</span>
              <Cells cells={r.inner} />
            </div>
            {r.hop.rewrites
              .filter((w) => w.kind !== 'BRIDGE' && describeRewrite(w))
              .map((w, k) => (
                <div key={k} className="rewrite-detail mono">
                  {rewriteName(w.kind)}: {describeRewrite(w)}
                </div>
              ))}
          </li>
        ))}
      </ol>
    </section>
  );
}

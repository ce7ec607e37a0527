// One journey, hop by hop: where it was seen, the time since the previous hop (same clock only), the
// headers there (inner, and outer while encapsulated) with the fields a rewrite changed highlighted.
import { useMemo, useState } from 'react';
import type { JourneySummary } from '../flows/summary';
import { describeRewrite, formatMicros, hopRows, type FieldCell } from '../inspector/hopHeaders';
import { rewriteBadgeClass, rewriteName } from '../models/rewrites';
import type { Journey, Verdict } from '../models/journey';

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

/** VXLAN_DROPPED_BETWEEN_NODES -> "VXLAN dropped between nodes". */
export function causeText(cause: string): string {
  const words = cause.toLowerCase().split('_').join(' ');
  return words.replace(/\b(vxlan|mtu|fdb|tcp|udp)\b/g, (w) => w.toUpperCase());
}

/** Whether the packet got there, in words: state, answer, the collector's reason, where it broke off and why. */
function VerdictView({ verdict, journey }: { verdict: Verdict | null; journey: Journey }) {
  if (!verdict) {
    const why = journey.trafficClass === 'control' ? 'control-plane traffic is not judged' : journey.complete ? 'no verdict from the collector' : 'still being stitched';
    return <p className="verdict verdict-none dim">{why}</p>;
  }
  const state = verdict.state.toLowerCase();
  return (
    <div className={`verdict verdict-${state}${verdict.problem ? ' verdict-problem' : ''}`} data-testid="verdict" data-state={verdict.state}>
      <div className="verdict-head">
        <span className={`verdict-state state-${state}`}>{verdict.state}</span>
        {verdict.answer && <span className={`verdict-answer answer-${verdict.answer.toLowerCase()}`}>{verdict.answer}</span>}
        {verdict.cause !== 'NONE' && <span className="dim">{causeText(verdict.cause)}</span>}
      </div>
      {verdict.reason && (
        <p className="verdict-reason" data-testid="verdict-reason">
          {verdict.reason}
        </p>
      )}
      {(verdict.lastPoint || verdict.expectedNext) && (
        <p className="mono dim">
          {verdict.lastPoint && <>last seen at {verdict.lastPoint}</>}
          {verdict.lastPoint && verdict.expectedNext && ' · '}
          {verdict.expectedNext && <>expected next {verdict.expectedNext}</>}
        </p>
      )}
      {verdict.facts.length > 0 && (
        <div className="headers">
          <span className="layer">facts</span>
          {verdict.facts.map((f) => (
            <span key={f.name} className="field">
              <span className="field-name">{f.name}</span> {f.value}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

export function Inspector({ summary, following, onFollow, onReplay, onClose, downloadPcap }: Props) {
  const rows = useMemo(() => hopRows(summary.journey.hops), [summary]);
  const v = summary.journey.verdict;
  const stoppedBefore = v?.state === 'STOPPED' && v.expectedNext.includes(':') ? v.expectedNext : '';
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
      <VerdictView verdict={summary.journey.verdict} journey={summary.journey} />
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
            {r.hop.lb && (
              <div className="lb-detail" data-testid="hop-lb" title={r.hop.lb.summary}>
                <span className="layer">{r.hop.lb.vip ? 'VIP' : 'IPVS'}</span>
                <span className="mono">
                  {r.hop.lb.virtual} → {r.hop.lb.chosen}
                  {r.hop.lb.task ? ` (task ${r.hop.lb.task}${r.hop.lb.task_node ? ` on ${r.hop.lb.task_node}` : ''})` : ''}
                </span>
                <span className="lb-how">
                  {' '}
                  {r.hop.lb.namespace}
                  {r.hop.lb.fwmark ? `, fwmark ${r.hop.lb.fwmark}` : ''}, {r.hop.lb.scheduler}, {r.hop.lb.backends} backend{r.hop.lb.backends === 1 ? '' : 's'}
                </span>
              </div>
            )}
          </li>
        ))}
        {stoppedBefore && (
          <li className="hop-missed" data-testid="hop-missed">
            <div className="hop-head">
              <span className="hop-n">✕</span>
              <span className="hop-where">
                never reached <b>{stoppedBefore.split(':')[0]}</b> <span className="mono">{stoppedBefore.slice(stoppedBefore.indexOf(':') + 1)}</span>
              </span>
            </div>
          </li>
        )}
      </ol>
    </section>
  );
}

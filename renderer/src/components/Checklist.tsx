import { useId, useState } from 'react';
import { LAYERS, type Finding } from '../../../shared/model';
import { useApp } from '../store/context';
import { openDowngrades } from '../store/app-store';
import { isHistoryOnly } from '../../../shared/fix-order';
import { groupByLayer, LAYER_WORDS, formatMs } from '../lib/words';
import { EvidenceList } from './Evidence';
import { FixButtons } from './FixButtons';
import { Plain } from './Plain';
import { Spinner, StatusBadge } from './StatusBadge';

function FindingRow({ finding, showSide }: { finding: Finding; showSide: boolean }) {
  const [open, setOpen] = useState(false);
  const recheck = useApp((s) => s.recheck);
  const busy = useApp((s) => s.rechecking.includes(finding.id));
  const detailsId = useId();
  const titleId = useId();
  const history = useApp((s) => isHistoryOnly(finding, s.diagnosis?.findings ?? [], s.journal));
  // A check that passes because this app lowered security is worked around, not fixed: the row says so too.
  const loweredBy = useApp((s) =>
    finding.status === 'pass' ? (openDowngrades(s.journal).find((e) => e.checkId === finding.id)?.title ?? null) : null,
  );

  return (
    <li className={`finding finding-${finding.status}`} data-check-id={finding.id} aria-labelledby={titleId}>
      <div className="finding-main">
        <span className="finding-status">{busy ? <Spinner label="Checking" /> : <StatusBadge status={finding.status} />}</span>
        <div className="finding-text">
          <h4 id={titleId} className="finding-title" tabIndex={-1}>
            {finding.title}
            {showSide ? <span className="finding-side">{finding.side === 'client' ? 'this PC (client)' : 'host'}</span> : null}
          </h4>
          <p className="finding-verdict">
            <Plain text={finding.verdict} />
          </p>
          {loweredBy ? (
            <p className="warn-line" data-worked-around>
              Worked around, not fixed: it passes because “{loweredBy}” lowered security. Undo it from History once the lasting fix is in
              place.
            </p>
          ) : null}
          {history ? (
            <p className="muted history-note" data-history-only>
              Logged before a fix made the checks it points at pass: history, not a current problem.
            </p>
          ) : null}
          {finding.policy ? (
            <p className="policy-note">Set by policy: {finding.policy}. A local change would be reverted, so change the policy instead.</p>
          ) : null}
        </div>
        <div className="finding-actions">
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide details' : 'Details'}
          </button>
          <button
            type="button"
            className="btn btn-small btn-quiet"
            onClick={() => void recheck(finding.id)}
            disabled={busy}
            aria-label={`Check again: ${finding.title}`}
          >
            Check again
          </button>
        </div>
      </div>
      <FixButtons finding={finding} />
      <div id={detailsId} className="finding-details" hidden={!open}>
        {open ? (
          <>
            <EvidenceList items={finding.evidence} />
            <p className="muted small">
              Check <code>{finding.id}</code> took {formatMs(finding.durationMs)}.
              {finding.related.length ? ` Related: ${finding.related.join(', ')}.` : ''}
            </p>
          </>
        ) : null}
      </div>
    </li>
  );
}

export function Checklist({ findings, causeOrder = [] }: { findings: Finding[]; causeOrder?: string[] }) {
  const groups = groupByLayer(findings, LAYERS, causeOrder);
  // The side is worth a word only when a run mixes both; otherwise the page heading already says it.
  const showSide = new Set(findings.map((f) => f.side)).size > 1;
  return (
    <section className="checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title" className="section-title">
        All checks
      </h2>
      {groups.map((g) => (
        <section key={g.layer} className="layer" aria-labelledby={`layer-${g.layer}`}>
          <h3 id={`layer-${g.layer}`} className="layer-title" title={LAYER_WORDS[g.layer].hint}>
            {LAYER_WORDS[g.layer].title}
            <span className="layer-hint">{LAYER_WORDS[g.layer].hint}</span>
          </h3>
          <ul className="findings">
            {g.findings.map((f) => (
              <FindingRow key={f.id} finding={f} showSide={showSide} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

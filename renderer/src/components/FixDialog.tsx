import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { FixInfo } from '../../../shared/model';
import { useApp } from '../store/context';
import { DOWNGRADE_TIMEBOX_MS } from '../store/app-store';
import { ChangesTable } from './ChangesTable';
import { DisabledReason } from './FixButtons';
import { Plain } from './Plain';
import { RevertChoice } from './RevertChoice';
import { Spinner, StatusBadge } from './StatusBadge';

const DOWNGRADE_MINUTES = Math.round(DOWNGRADE_TIMEBOX_MS / 60_000);

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

function Facts({ fix }: { fix: FixInfo }) {
  const facts: { key: string; icon: string; text: string; tone: 'ok' | 'warn' | 'bad' }[] = [
    fix.reversible
      ? { key: 'rev', icon: '↺', text: 'Can be undone: the current values are saved first.', tone: 'ok' }
      : { key: 'rev', icon: '!', text: 'Cannot be undone. What can be kept is saved in the history.', tone: 'bad' },
  ];
  if (fix.lowersSecurity)
    facts.push({
      key: 'sec',
      icon: '!',
      text: `Lowers security. Use it only to test; this PC reverts it by itself after the time you choose (default ${DOWNGRADE_MINUTES} minutes), even if RDP Doctor is closed.`,
      tone: 'bad',
    });
  if (fix.dropsSessions)
    facts.push({ key: 'drop', icon: '!', text: 'Disconnects everyone using Remote Desktop on the host, including you if you are connected that way.', tone: 'warn' });
  if (fix.needsRestart) facts.push({ key: 'restart', icon: '!', text: 'Takes effect after a restart of the host.', tone: 'warn' });
  if (fix.needsAdmin) facts.push({ key: 'admin', icon: 'i', text: 'Needs administrator rights on the host.', tone: 'ok' });
  return (
    <ul className="facts" aria-label="What to know before applying">
      {facts.map((f) => (
        <li key={f.key} className={`fact fact-${f.tone}`}>
          <span className="fact-icon" aria-hidden="true">
            {f.icon}
          </span>
          {f.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * The guided fix: what will change, the risks, Apply, the re-checked result, Undo. A native modal dialog makes
 * the page behind it inert; Tab is also kept inside it so focus never wanders to the page.
 */
export function FixDialog() {
  const dialogState = useApp((s) => s.fixDialog);
  const diagnosis = useApp((s) => s.diagnosis);
  const apply = useApp((s) => s.applyFix);
  const undo = useApp((s) => s.undoFix);
  const close = useApp((s) => s.closeFix);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  // Minutes until the host reverts a downgrade; null: until I revert (the app asks again before applying).
  const [revertAfter, setRevertAfter] = useState<number | null>(15);
  const [keepConfirmed, setKeepConfirmed] = useState(false);
  const titleId = useId();
  const confirmId = useId();
  const open = !!dialogState;
  const phase = dialogState?.phase;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      opener.current = document.activeElement;
      setConfirmed(false);
      setRevertAfter(15);
      setKeepConfirmed(false);
      el.showModal();
    } else if (!open && el.open) {
      el.close();
      if (opener.current instanceof HTMLElement && opener.current.isConnected) opener.current.focus();
    }
  }, [open]);

  // Each step moves focus to the part that changed, so the result is announced and the next action is one key away.
  useEffect(() => {
    const el = ref.current;
    if (!el?.open) return;
    const target =
      phase === 'applied' || phase === 'undone'
        ? el.querySelector<HTMLElement>('[data-autofocus-result]')
        : phase === 'preview' || phase === 'error'
          ? el.querySelector<HTMLElement>('[data-autofocus]')
          : null;
    target?.focus();
  }, [phase]);

  function trapTab(e: KeyboardEvent<HTMLDialogElement>) {
    if (e.key !== 'Tab') return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((x) => x.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  const d = dialogState;
  const fix = d?.fix ?? null;
  // Decided by the service and carried by the plan: the UI does not keep its own copy of the rule.
  const needsConfirm = !!fix && !!d?.needsConfirmation;
  // With several faults, the answer to "what now?" once this one is fixed.
  const next =
    d?.finding?.status === 'pass'
      ? diagnosis?.causes.find((c) => c.checkId !== d.checkId && diagnosis.findings.find((f) => f.id === c.checkId)?.status !== 'pass')
      : undefined;
  const busy = phase === 'applying' || phase === 'undoing' || phase === 'loading';

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onKeyDown={trapTab}
      onCancel={(e) => {
        // Escape must not hide a change that is being made.
        e.preventDefault();
        if (!busy) close();
      }}
    >
      {d ? (
        <div className="dialog-body">
          <h2 id={titleId} className="dialog-title" tabIndex={-1}>
            {fix ? fix.title : 'Fix'}
          </h2>
          {fix ? (
            <p className="dialog-desc">
              <Plain text={fix.description} />
            </p>
          ) : null}

          {phase === 'loading' ? <Spinner label="Working out what will change…" /> : null}

          {d.error ? (
            <p className="error-box" role="alert" data-autofocus tabIndex={-1}>
              {d.error}
            </p>
          ) : null}

          {fix && (phase === 'preview' || phase === 'applying' || phase === 'error') ? (
            <>
              <Facts fix={fix} />
              {d.changes.length ? (
                <ChangesTable changes={d.changes} caption="What will change" columns={['Now', 'After the fix']} />
              ) : phase === 'preview' ? (
                <p className="muted">This fix changes no stored setting; it acts on the running system.</p>
              ) : null}
              {d.warnings.length ? (
                <ul className="warnings" aria-label="Warnings">
                  {d.warnings.map((w, i) => (
                    <li key={i}>
                      <span aria-hidden="true">! </span>
                      {w}
                    </li>
                  ))}
                </ul>
              ) : null}
              <DisabledReason fix={fix} />
              {needsConfirm ? (
                <div className="confirm">
                  <input
                    id={confirmId}
                    type="checkbox"
                    data-autofocus
                    checked={confirmed}
                    onChange={(e) => setConfirmed(e.target.checked)}
                    disabled={phase === 'applying'}
                  />
                  <label htmlFor={confirmId}>
                    {fix.confirmText ??
                      (fix.reversible ? 'I understand this lowers security for a while.' : 'I understand this cannot be undone.')}
                  </label>
                </div>
              ) : null}
              {d.revertAfterDefaultMinutes !== null ? (
                <RevertChoice
                  value={revertAfter}
                  onChange={setRevertAfter}
                  defaultMinutes={d.revertAfterDefaultMinutes}
                  disabled={phase === 'applying'}
                  keepConfirmed={keepConfirmed}
                  onKeepConfirmed={setKeepConfirmed}
                />
              ) : null}
            </>
          ) : null}

          {(phase === 'applied' || phase === 'undone' || phase === 'undoing') && d.finding ? (
            <div className="result" role="status" data-autofocus-result tabIndex={-1}>
              <p className="result-head">
                {phase === 'undone' ? 'Undone. The check ran again:' : 'Fix applied. The check ran again:'}
              </p>
              <p className="result-finding">
                <StatusBadge status={d.finding.status} /> <strong>{d.finding.title}</strong>
              </p>
              <p>
                <Plain text={d.finding.verdict} />
              </p>
              {phase !== 'undone' && d.entry && !d.entry.reversible ? (
                <p className="muted">
                  This change cannot be undone. Its details are kept in the history (entry <code>{d.entry.id}</code>).
                </p>
              ) : null}
              {phase !== 'undone' && d.entry?.lowersSecurity ? (
                <p className="warn-line">Security is lowered until you undo this; a banner at the top counts down.</p>
              ) : null}
              {phase === 'applied' && next ? (
                <p className="next-step">
                  <strong>Next likely cause:</strong> <Plain text={next.title} /> Select Done to deal with it.
                </p>
              ) : null}
            </div>
          ) : null}

          <div className="dialog-actions">
            {phase === 'preview' || phase === 'applying' || phase === 'error' || phase === 'loading' ? (
              <>
                <button type="button" className="btn" onClick={close} disabled={phase === 'applying'}>
                  Cancel
                </button>
                {phase !== 'error' ? (
                  <button
                    type="button"
                    className="btn btn-primary"
                    data-autofocus={!needsConfirm ? true : undefined}
                    disabled={busy || !fix || !!fix.disabledReason || (needsConfirm && !confirmed) || (d?.revertAfterDefaultMinutes !== null && revertAfter === null && !keepConfirmed)}
                    onClick={() => void apply(needsConfirm ? confirmed : true, d?.revertAfterDefaultMinutes !== null ? revertAfter : undefined)}
                  >
                    {phase === 'applying' ? 'Applying…' : 'Apply'}
                  </button>
                ) : null}
              </>
            ) : (
              <>
                {phase === 'applied' || phase === 'undoing' ? (
                  d.entry?.reversible ? (
                    <button type="button" className="btn" onClick={() => void undo()} disabled={phase === 'undoing'}>
                      {phase === 'undoing' ? 'Undoing…' : 'Undo'}
                    </button>
                  ) : null
                ) : null}
                <button type="button" className="btn btn-primary" onClick={close} disabled={phase === 'undoing'}>
                  Done
                </button>
              </>
            )}
          </div>
        </div>
      ) : null}
    </dialog>
  );
}

import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useApp } from '../store/context';
import { FixFacts } from './FixFacts';
import { FixParamPicker } from './FixParamPicker';
import { FixPreview } from './FixPreview';
import { FixResult, UndoConfirm } from './FixResult';
import { Plain } from './Plain';
import { Spinner } from './StatusBadge';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Where focus goes in each phase: the top of the dialog first (title and risk), never Apply. */
const FOCUS_FOR: Partial<Record<string, string>> = {
  preview: '[data-autofocus-title]',
  error: '[data-autofocus-error]',
  applied: '[data-autofocus-result]',
  undone: '[data-autofocus-result]',
  'confirm-undo': '[data-autofocus-undo]',
};

function trapTab(e: KeyboardEvent<HTMLDialogElement>, el: HTMLDialogElement | null) {
  if (e.key !== 'Tab') return;
  const items = [...(el?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((x) => x.offsetParent !== null);
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

/**
 * Back to the button that opened the dialog; a fix that worked took that button away with its problem, and focus
 * must not fall to the page's start: it goes where the dialog said to go next (the next problem's fix, as
 * "Select Done to deal with it" promised), else to the result.
 */
function focusAfterClose(opener: Element | null) {
  if (opener instanceof HTMLElement && opener.isConnected) return opener.focus();
  const next = document.querySelector<HTMLElement>('.problem-next .cause-actions button:not([disabled])');
  (next ?? document.getElementById('cause-title'))?.focus();
}

/**
 * The guided fix: what will change, the risks, Apply, the re-checked result, Undo (asked first). A native modal
 * dialog makes the page behind it inert; Tab is also kept inside it so focus never wanders to the page.
 */
export function FixDialog() {
  const d = useApp((s) => s.fixDialog);
  const apply = useApp((s) => s.applyFix);
  const undo = useApp((s) => s.undoFix);
  const cancelUndo = useApp((s) => s.cancelUndo);
  const close = useApp((s) => s.closeFix);
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  // Minutes until the host reverts a downgrade; null: until I revert (the app asks again before applying).
  const [revertAfter, setRevertAfter] = useState<number | null>(15);
  const [keepConfirmed, setKeepConfirmed] = useState(false);
  const titleId = useId();
  const open = !!d;
  const phase = d?.phase;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      opener.current = document.activeElement;
      setConfirmed(false);
      setRevertAfter(15);
      setKeepConfirmed(false);
      el.showModal();
      // Opened at the top: the title and the risk are what the technician reads first.
      el.scrollTop = 0;
    } else if (!open && el.open) {
      el.close();
      focusAfterClose(opener.current);
    }
  }, [open]);

  // Each step moves focus to the part that changed, so the result is announced; Apply is always a deliberate Tab away.
  useEffect(() => {
    const el = ref.current;
    const selector = phase ? FOCUS_FOR[phase] : undefined;
    if (!el?.open || !selector) return;
    el.querySelector<HTMLElement>(selector)?.focus({ preventScroll: phase === 'preview' });
    if (phase === 'preview') el.scrollTop = 0;
  }, [phase]);

  const fix = d?.fix ?? null;
  // Decided by the service and carried by the plan: the UI does not keep its own copy of the rule.
  const needsConfirm = !!fix && !!d?.needsConfirmation;
  const timeBoxed = d?.revertAfterDefaultMinutes != null;
  const busy = phase === 'applying' || phase === 'undoing' || phase === 'loading';
  const previewing = phase === 'preview' || phase === 'applying' || phase === 'error';

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onKeyDown={(e) => trapTab(e, ref.current)}
      onCancel={(e) => {
        // Escape must not hide a change that is being made.
        e.preventDefault();
        if (!busy) close();
      }}
    >
      {d ? (
        <div className="dialog-body">
          <h2 id={titleId} className="dialog-title" tabIndex={-1} data-autofocus-title>
            {fix ? fix.title : 'Fix'}
          </h2>
          {fix && previewing ? <FixFacts fix={fix} /> : null}
          {fix ? (
            <p className="dialog-desc">
              <Plain text={fix.description} />
            </p>
          ) : null}
          {phase === 'loading' ? <Spinner label="Working out what will change…" /> : null}
          {d.error ? (
            <p className="error-box" role="alert" data-autofocus-error tabIndex={-1}>
              {d.error}
            </p>
          ) : null}
          {fix?.parameters?.length && previewing ? (
            <FixParamPicker fix={fix} params={d.params} disabled={busy} planned={d.planId !== null} />
          ) : null}
          {fix && previewing ? (
            <FixPreview
              d={d}
              fix={fix}
              needsConfirm={needsConfirm}
              confirmed={confirmed}
              onConfirm={setConfirmed}
              revert={{ value: revertAfter, onChange: setRevertAfter, keepConfirmed, onKeepConfirmed: setKeepConfirmed }}
            />
          ) : null}
          {phase === 'applied' || phase === 'undone' || phase === 'undoing' || phase === 'confirm-undo' ? <FixResult d={d} /> : null}
          {phase === 'confirm-undo' ? <UndoConfirm d={d} onKeep={cancelUndo} onUndo={() => void undo(true)} /> : null}
          <div className="dialog-actions">
            {previewing || phase === 'loading' ? (
              <>
                <button type="button" className="btn" onClick={close} disabled={phase === 'applying'}>
                  Cancel
                </button>
                {phase !== 'error' ? (
                  <button
                    type="button"
                    className={needsConfirm ? 'btn btn-danger' : 'btn btn-primary'}
                    disabled={
                      busy ||
                      !fix ||
                      !d.planId ||
                      !!fix.disabledReason ||
                      (needsConfirm && !confirmed) ||
                      (timeBoxed && revertAfter === null && !keepConfirmed)
                    }
                    onClick={() => void apply(needsConfirm ? confirmed : true, timeBoxed ? revertAfter : undefined)}
                  >
                    {phase === 'applying' ? 'Applying…' : 'Apply'}
                  </button>
                ) : null}
              </>
            ) : phase === 'confirm-undo' ? null : (
              <>
                {(phase === 'applied' || phase === 'undoing') && d.entry?.reversible ? (
                  <button type="button" className="btn" onClick={() => void undo()} disabled={phase === 'undoing'}>
                    {phase === 'undoing' ? 'Undoing…' : 'Undo…'}
                  </button>
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

import { useEffect } from 'react';
import type { Notice } from '../store/types';
import { useApp } from '../store/context';

const INFO_MS = 8000;

/** Errors stay until dismissed (they say what to do next) and sit in the page's flow, at the top of the screen. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  return (
    <div className="notices">
      <div role="alert" className="notice-list">
        {notices
          .filter((n) => n.kind === 'error')
          .map((n) => (
            <NoticeItem key={n.id} notice={n} />
          ))}
      </div>
    </div>
  );
}

/**
 * Information stacks in the dock below the scrolling page and fades after a few seconds. The dock is a row of
 * the window's layout, not a layer over it: while it shows notices the page above it is shorter, so whatever
 * the scroll position, nothing on the page is under a notice, and the page does not move under the pointer.
 */
export function NoticeDock() {
  const notices = useApp((s) => s.notices);
  return (
    <div role="status" className="notice-list notice-dock" aria-label="Notices">
      {notices
        .filter((n) => n.kind === 'info')
        .map((n) => (
          <NoticeItem key={n.id} notice={n} />
        ))}
    </div>
  );
}

function NoticeItem({ notice }: { notice: Notice }) {
  const dismiss = useApp((s) => s.dismiss);
  // One timer per notice, from when it appeared: a later notice must not keep an earlier one alive.
  useEffect(() => {
    if (notice.kind !== 'info') return;
    const timer = setTimeout(() => dismiss(notice.id), INFO_MS);
    return () => clearTimeout(timer);
  }, [notice.id, notice.kind, dismiss]);
  const error = notice.kind === 'error';
  return (
    <div className={`notice ${error ? 'notice-error' : 'notice-info'}`}>
      <span aria-hidden="true" className="notice-icon">
        {error ? '✕' : 'i'}
      </span>
      <p>{notice.text}</p>
      <button type="button" className="btn btn-small btn-quiet" onClick={() => dismiss(notice.id)}>
        Dismiss
      </button>
    </div>
  );
}

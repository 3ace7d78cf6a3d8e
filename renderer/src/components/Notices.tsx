import { useEffect, useRef, type RefObject } from 'react';
import type { Notice } from '../store/types';
import { useApp } from '../store/context';

const INFO_MS = 8000;

/**
 * Errors stay until dismissed (they say what to do next) and sit in the page's flow; information stacks in a
 * corner and fades after a few seconds. The page keeps room below its content as tall as that stack, so
 * scrolled to the end nothing it shows is under a notice.
 */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const toasts = useRef<HTMLDivElement>(null);
  useReservedSpace(toasts);

  return (
    <div className="notices">
      <div role="alert" className="notice-list">
        {notices
          .filter((n) => n.kind === 'error')
          .map((n) => (
            <NoticeItem key={n.id} notice={n} />
          ))}
      </div>
      {/* Information floats in a corner, so a confirmation never pushes the page down under the pointer. */}
      <div ref={toasts} role="status" className="notice-list notice-toasts">
        {notices
          .filter((n) => n.kind === 'info')
          .map((n) => (
            <NoticeItem key={n.id} notice={n} />
          ))}
      </div>
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

/** Publishes the floating stack's height as --notice-space, the room the page keeps free below its content. */
function useReservedSpace(ref: RefObject<HTMLDivElement | null>) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const root = document.documentElement;
    const publish = () => {
      const h = el.childElementCount ? el.getBoundingClientRect().height : 0;
      root.style.setProperty('--notice-space', `${Math.ceil(h)}px`);
    };
    publish();
    const observer = new ResizeObserver(publish);
    observer.observe(el);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--notice-space');
    };
  }, [ref]);
}

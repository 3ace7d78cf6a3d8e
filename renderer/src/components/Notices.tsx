import { useEffect } from 'react';
import { useApp } from '../store/context';

/** Errors stay until dismissed (they say what to do next); information fades after a few seconds. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismiss);

  useEffect(() => {
    const timers = notices.filter((n) => n.kind === 'info').map((n) => setTimeout(() => dismiss(n.id), 8000));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismiss]);

  return (
    <div className="notices">
      <div role="alert" className="notice-list">
        {notices
          .filter((n) => n.kind === 'error')
          .map((n) => (
            <div key={n.id} className="notice notice-error">
              <span aria-hidden="true" className="notice-icon">
                ✕
              </span>
              <p>{n.text}</p>
              <button type="button" className="btn btn-small btn-quiet" onClick={() => dismiss(n.id)}>
                Dismiss
              </button>
            </div>
          ))}
      </div>
      {/* Information floats in a corner, so a confirmation never pushes the page down under the pointer. */}
      <div role="status" className="notice-list notice-toasts">
        {notices
          .filter((n) => n.kind === 'info')
          .map((n) => (
            <div key={n.id} className="notice notice-info">
              <span aria-hidden="true" className="notice-icon">
                i
              </span>
              <p>{n.text}</p>
              <button type="button" className="btn btn-small btn-quiet" onClick={() => dismiss(n.id)}>
                Dismiss
              </button>
            </div>
          ))}
      </div>
    </div>
  );
}

// Notices: short messages that stack in a corner, never over the content (Notices.tsx times information out).
import type { ActionContext } from './call';
import type { AppState } from './types';

let noticeSeq = 0;

export function noticeActions({ set, get }: ActionContext): Pick<AppState, 'notify' | 'dismiss'> {
  return {
    notify(kind, text) {
      const id = ++noticeSeq;
      // One copy of a message is enough; repeated failures should not pile up.
      set({ notices: [...get().notices.filter((n) => n.text !== text), { id, kind, text }].slice(-3) });
    },

    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  };
}

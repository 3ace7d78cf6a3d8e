// Notices: short messages that stack in a corner, never over the content (Notices.tsx times information out).
import type { ActionContext } from './call';
import type { AppState } from './types';

let noticeSeq = 0;

export function noticeActions({ set, get }: ActionContext): Pick<AppState, 'notify' | 'dismiss'> {
  return {
    notify(kind, text) {
      const id = ++noticeSeq;
      // One copy of a message is enough; repeated failures should not pile up.
      const notices = [...get().notices.filter((n) => n.text !== text), { id, kind, text }];
      // At most three pieces of information at once (the oldest goes first); an error stays until dismissed.
      const info = notices.filter((n) => n.kind === 'info').slice(-3);
      set({ notices: notices.filter((n) => n.kind === 'error' || info.includes(n)) });
    },

    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
  };
}

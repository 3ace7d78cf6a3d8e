// The native confirmation of a fix that lowers security or cannot be undone. Shown by the main process, so a
// compromised or scripted page cannot answer it: the renderer's own checkbox is only a first step.
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { FixConfirmation } from '../app/service-types';

const PROCEED = 0;

// Enter and Escape both mean "no": proceeding takes a deliberate click.
const DIALOG = { type: 'warning', title: 'RDP Doctor', defaultId: 1, cancelId: 1, noLink: true } as const;

export function confirmDialogOptions(request: FixConfirmation): MessageBoxOptions {
  if (request.kind === 'rollback-downgrade' || request.kind === 'rollback-disconnect')
    return { ...DIALOG, message: `Roll back "${request.title}"?`, detail: request.detail, buttons: ['Roll back', 'Cancel'] };
  const timeBox =
    request.kind === 'keep-downgrade'
      ? 'It will NOT be turned back on automatically.'
      : request.revertAfterMinutes !== null
        ? `This PC turns it back on by itself after ${request.revertAfterMinutes} minutes (a scheduled task), even if RDP Doctor is closed.`
        : '';
  return {
    ...DIALOG,
    message: request.kind === 'keep-downgrade' ? `Keep "${request.title}" until you revert it?` : `Apply "${request.title}"?`,
    detail: [request.detail, timeBox].filter(Boolean).join('\n\n'),
    buttons: [request.kind === 'keep-downgrade' ? 'Keep it until I revert' : 'Apply', 'Cancel'],
  };
}

export function confirmedBy(result: Pick<MessageBoxReturnValue, 'response'>): boolean {
  return result.response === PROCEED;
}

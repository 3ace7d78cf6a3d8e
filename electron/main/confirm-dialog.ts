// The native confirmation of a fix that lowers security or cannot be undone. Shown by the main process, so a
// compromised or scripted page cannot answer it: the renderer's own checkbox is only a first step.
import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { FixConfirmation } from '../app/service-types';

const PROCEED = 0;

export function confirmDialogOptions(request: FixConfirmation): MessageBoxOptions {
  const timeBox =
    request.kind === 'keep-downgrade'
      ? 'It will NOT be turned back on automatically.'
      : request.revertAfterMinutes !== null
        ? `This PC turns it back on by itself after ${request.revertAfterMinutes} minutes (a scheduled task), even if RDP Doctor is closed.`
        : '';
  return {
    type: 'warning',
    title: 'RDP Doctor',
    message: request.kind === 'keep-downgrade' ? `Keep "${request.title}" until you revert it?` : `Apply "${request.title}"?`,
    detail: [request.detail, timeBox].filter(Boolean).join('\n\n'),
    buttons: [request.kind === 'keep-downgrade' ? 'Keep it until I revert' : 'Apply', 'Cancel'],
    // Enter and Escape both mean "no": proceeding takes a deliberate click.
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export function confirmedBy(result: Pick<MessageBoxReturnValue, 'response'>): boolean {
  return result.response === PROCEED;
}

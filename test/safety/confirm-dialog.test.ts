// The main process's native confirmation: its default and Escape answer "no", and it says what the host will do.
import { describe, expect, it } from 'vitest';
import { confirmDialogOptions, confirmedBy } from '../../electron/main/confirm-dialog';

describe('native fix confirmation', () => {
  it('Enter and Escape cancel; only the first button proceeds', () => {
    const o = confirmDialogOptions({ kind: 'apply', title: 'Turn off NLA', detail: 'This lowers security.', revertAfterMinutes: 15 });
    expect(o.defaultId).toBe(1);
    expect(o.cancelId).toBe(1);
    expect(o.buttons?.[0]).toBe('Apply');
    expect(confirmedBy({ response: 0 })).toBe(true);
    expect(confirmedBy({ response: 1 })).toBe(false);
    expect(o.detail).toMatch(/after 15 minutes .*even if RDP Doctor is closed/);
  });

  it('"until I revert" is its own question, saying nothing will turn it back on', () => {
    const o = confirmDialogOptions({
      kind: 'keep-downgrade',
      title: 'Turn off NLA',
      detail: 'No automatic revert.',
      revertAfterMinutes: null,
    });
    expect(o.message).toMatch(/until you revert/);
    expect(o.detail).toMatch(/NOT be turned back on automatically/);
  });
});

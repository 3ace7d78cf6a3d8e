// client.alternative-client: guidance, not a test. When mstsc.exe keeps failing, the Microsoft Store Remote
// Desktop app (a separate client stack) often still connects, which also narrows the fault down to this client.
import type { Check } from '../../../types';

export const check: Check<null> = {
  id: 'client.alternative-client',
  side: 'client',
  layer: 'information',
  rank: 120,
  title: 'Another Remote Desktop client',
  reads: 'nothing (guidance)',
  passWhen: 'informational',
  source: '000',
  scripts: [],
  async collect() {
    return null;
  },
  judge() {
    return {
      status: 'pass',
      verdict:
        'If Remote Desktop Connection (mstsc.exe) still fails, try the Microsoft Store Remote Desktop app (or Windows App): it often connects when mstsc does not, and if it does, the fault is in this client, not the host.',
      evidence: [{ label: 'Alternative client', value: 'Microsoft Store: "Remote Desktop" / "Windows App"' }],
    };
  },
  fixes: [],
};

import type { FixInfo } from '../../../shared/model';
import { DOWNGRADE_TIMEBOX_MS } from '../store/app-store';

const DOWNGRADE_MINUTES = Math.round(DOWNGRADE_TIMEBOX_MS / 60_000);

/** What to know before applying: undo, security, sessions, restart, rights; each with an icon and a word. */
export function FixFacts({ fix }: { fix: FixInfo }) {
  const facts: { key: string; icon: string; text: string; tone: 'ok' | 'warn' | 'bad' }[] = [
    fix.reversible
      ? { key: 'rev', icon: '↺', text: 'Can be undone: the current values are saved first.', tone: 'ok' }
      : { key: 'rev', icon: '!', text: 'Cannot be undone. What can be kept is saved in the history.', tone: 'bad' },
  ];
  if (fix.lowersSecurity)
    facts.push({
      key: 'sec',
      icon: '!',
      text: `Lowers security. Use it only to test; this PC reverts it by itself after the time you choose (default ${DOWNGRADE_MINUTES} minutes), even if RDP Doctor is closed.`,
      tone: 'bad',
    });
  if (fix.dropsSessions)
    facts.push({
      key: 'drop',
      icon: '!',
      text: 'Disconnects everyone using Remote Desktop on the host, including you if you are connected that way.',
      tone: 'warn',
    });
  if (fix.needsRestart) facts.push({ key: 'restart', icon: '!', text: 'Takes effect after a restart of the host.', tone: 'warn' });
  if (fix.needsAdmin) facts.push({ key: 'admin', icon: 'i', text: 'Needs administrator rights on the host.', tone: 'ok' });
  return (
    <ul className="facts" aria-label="What to know before applying">
      {facts.map((f) => (
        <li key={f.key} className={`fact fact-${f.tone}`}>
          <span className="fact-icon" aria-hidden="true">
            {f.icon}
          </span>
          {f.text}
        </li>
      ))}
    </ul>
  );
}

/** The words a risky fix must be confirmed with. */
export function confirmWords(fix: FixInfo): string {
  if (fix.confirmText) return fix.confirmText;
  if (!fix.reversible) return 'I understand this cannot be undone.';
  if (fix.lowersSecurity) return 'I understand this lowers security for a while.';
  return 'I understand this disconnects Remote Desktop sessions and affects other services until it is undone.';
}

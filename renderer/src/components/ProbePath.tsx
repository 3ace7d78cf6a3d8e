import type { Finding } from '../../../shared/model';
import { showCheck } from '../lib/show-check';
import { StatusBadge } from './StatusBadge';

/** The layers a connection crosses, in order; each is one client check. */
const STEPS: { checkId: string; title: string; hint: string }[] = [
  { checkId: 'client.dns', title: 'Name lookup', hint: 'The PC name turns into an address (DNS).' },
  { checkId: 'client.tcp', title: 'Network connection', hint: 'This PC reaches the Remote Desktop port (TCP).' },
  { checkId: 'client.rdp-negotiation', title: 'Remote Desktop handshake', hint: 'Both sides agree on the security to use (TLS, NLA).' },
  {
    checkId: 'client.tls-certificate',
    title: 'Encryption and certificate',
    hint: 'TLS starts and the other PC shows a certificate this PC accepts.',
  },
];

/**
 * Where on the way to the other PC the connection breaks. The probe's layers are spread over several groups of
 * the checklist; here they stand in the order a connection crosses them, the first failure marked.
 */
export function ProbePath({ findings }: { findings: Finding[] }) {
  const steps = STEPS.map((s) => ({ ...s, finding: findings.find((f) => f.id === s.checkId) })).filter((s) => s.finding);
  if (steps.length === 0) return null;
  const breakAt = steps.findIndex((s) => s.finding!.status === 'fail' || s.finding!.status === 'error');

  return (
    <section className="card probe" aria-labelledby="probe-title">
      <h2 id="probe-title" className="section-title">
        The way to the other PC
      </h2>
      <p className="muted small">
        {breakAt >= 0
          ? `The connection fails at step ${breakAt + 1}, ${steps[breakAt]!.title.toLowerCase()}.${breakAt < steps.length - 1 ? ' The steps after it could not be tried.' : ''}`
          : 'Every step a connection takes, in order. Select a step to see its check.'}
      </p>
      <ol className="probe-path">
        {steps.map((s, i) => {
          const f = s.finding!;
          const notTried = breakAt >= 0 && i > breakAt && f.status === 'skipped';
          return (
            <li key={s.checkId} className={`probe-step probe-${f.status}${i === breakAt ? ' probe-break' : ''}`}>
              <button type="button" className="probe-button" title={s.hint} onClick={() => showCheck(s.checkId)}>
                <span className="probe-num">
                  <span className="sr-only">Step </span>
                  {i + 1}
                </span>
                <span className="probe-text">
                  <span className="probe-title">{s.title}</span>
                  <StatusBadge status={f.status} />
                  {i === breakAt ? (
                    <span className="probe-note">Fails here</span>
                  ) : notTried ? (
                    <span className="probe-note muted">Not tried</span>
                  ) : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

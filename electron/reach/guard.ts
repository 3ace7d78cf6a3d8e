// "Never cut the branch you sit on": over WinRM, a script that would stop or disable WinRM, or turn off its
// firewall rules, or write its policy or service keys, is refused before it is sent. A TermService restart is
// fine: WinRM is a separate service (svchost group NetworkService), so the session survives it.
import type { Json } from '../../shared/model';

const WINRM_RULE = /^WINRM-HTTP/i; // WINRM-HTTP-In-TCP(-PUBLIC,-NoScope), -Compat-, and a custom WINRM-HTTPS-In-TCP
const WINRM_KEY = /\\(Policies\\Microsoft\\Windows\\WinRM|CurrentControlSet\\Services\\WinRM)(\\|$)/i;

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

/** Why this call would cut the remoting session it travels on, or null when it would not. */
export function cutsManagementPath(script: string, input: Json): string | null {
  const i = obj(input);
  if (script === 'ops/firewall-rules-set') {
    const rule = list(i.rules).find((r) => typeof r.name === 'string' && WINRM_RULE.test(r.name) && r.enabled === false);
    if (rule) return `it would disable WinRM's firewall rule ${String(rule.name)}`;
  }
  if (script === 'ops/service-control' && typeof i.name === 'string' && /^winrm$/i.test(i.name)) {
    if (i.action === 'stop' || i.action === 'restart') return `it would ${String(i.action)} the WinRM service`;
    if (i.action === 'set-start-type' && i.startType !== 'Automatic') return `it would set the WinRM service to ${String(i.startType)}`;
  }
  if (script === 'ops/registry-write') {
    const item = list(i.items).find((it) => typeof it.key === 'string' && WINRM_KEY.test(it.key));
    if (item) return `it would write ${String(item.key)}\\${String(item.name)}, which controls WinRM`;
  }
  return null;
}

// The account the technician connects with, as typed: DOMAIN\name (NetBIOS domain or computer name, "." for
// this PC) or a user principal name name@domain. Checked before anything runs; the host resolves it to a SID
// (input as data, never spliced into a script).
// Forms: learn.microsoft.com/windows/win32/secauthn/user-name-formats ("down-level logon name", "UPN").

/** Characters a user logon name may not hold (sAMAccountName; learn.microsoft.com "user-name-formats"). */
const NAME = /^[^"/\\[\]:;|=,+*?<>@\s][^"/\\[\]:;|=,+*?<>@]{0,103}$/;
const DOMAIN = /^(\.|[A-Za-z0-9][A-Za-z0-9._-]{0,14})$/;
const UPN_DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export function parseAccountName(text: string, field = 'user'): { ok: true; account: string } | { ok: false; error: string } {
  const t = text.trim();
  const bad = () => ({
    ok: false as const,
    error: `${field}: expected an account as DOMAIN\\name or name@domain (for example CORP\\j.doe or j.doe@corp.example), got "${t.slice(0, 60)}"`,
  });
  if (t.length === 0 || t.length > 260 || [...t].some((c) => c.charCodeAt(0) < 0x20)) return bad();
  const slash = t.split('\\');
  if (slash.length === 2) return DOMAIN.test(slash[0]!) && NAME.test(slash[1]!) ? { ok: true, account: t } : bad();
  const at = t.split('@');
  if (slash.length === 1 && at.length === 2) return NAME.test(at[0]!) && UPN_DOMAIN.test(at[1]!) ? { ok: true, account: t } : bad();
  return bad();
}

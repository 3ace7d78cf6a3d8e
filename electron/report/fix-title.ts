import type { Finding } from '../../shared/model';

/** The lasting fix's title: a security downgrade is named only when nothing else exists. */
export function primaryFixTitle(f: Finding): string | null {
  if (f.status === 'pass') return null;
  const lasting = f.fixes.filter((x) => !x.lowersSecurity);
  const fix = lasting.find((x) => !x.disabledReason) ?? lasting[0];
  if (fix) return fix.title;
  const workaround = f.fixes[0];
  return workaround ? `no lasting fix from here; workaround that lowers security: ${workaround.title}` : null;
}

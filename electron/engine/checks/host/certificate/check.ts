// host.certificate: the certificate the RDP listener presents. Either a custom binding (SSLCertificateSHA1Hash,
// REG_BINARY on RDP-Tcp, whose bytes as hex must be the thumbprint of a valid certificate in LocalMachine\My)
// or the self-signed certificate in LocalMachine\Remote Desktop. Valid: has its private key, within its
// dates, 14 days of margin (warn inside them), fit for server authentication.
import { z } from 'zod';
import type { EvidenceItem, Json } from '../../../../../shared/model';
import type { Check, CheckContext, Fix, Judgement } from '../../../types';
import { fromRegistry, readRegistryThen, registryFix, type RegRead } from '../../../ops/registry';
import {
  certificateListCall,
  daysLeft,
  EKU_SERVER_AUTH,
  listCertificates,
  MY_STORE,
  normalizeThumbprint,
  RDP_STORE,
  removeCertificates,
  type CertInfo,
} from '../../../ops/certificates';
import { controlService, termServiceRestartWarnings } from '../../../ops/services';
import { RDP_TCP_KEY } from '../../../windows-paths';
import { collectMachineKeys, folderProblems, type MachineKeysView } from '../machinekeys/check';

export const MARGIN_DAYS = 14;
const BINDING = 'SSLCertificateSHA1Hash';
const POLL_INTERVAL_MS = 2_000;
const POLL_ATTEMPTS = 30;

const InUse = z.object({
  available: z.boolean(),
  inUseThumbprint: z.string().nullable(),
  /** Why Win32_TSGeneralSetting could not be queried (e.g. "access denied"); absent from older outputs. */
  unreadable: z.string().nullable().optional(),
});

export interface CertData {
  selfSigned: CertInfo[];
  binding: RegRead;
  bound: CertInfo | null;
  inUse: string | null;
  /** Why WMI could not say which certificate is in use; null when it answered. */
  inUseUnreadable?: string | null;
  /** Why TermService could not create a new key (MachineKeys problems); null when it can or it is unknown. */
  keyStoreProblem: string | null;
  /** The certificate in use whose private key file is gone (HasPrivateKey still says yes); null when unknown or present. */
  keyFileMissing?: { thumbprint: string; path: string } | null;
  /**
   * The in-use certificate's key could not be opened or its file's permissions read, and the file is not proven
   * gone: NTE_BAD_KEYSET (0x80090016) means "gone" and "no read access" alike. Never a reason to renew.
   */
  keyUnreadable?: { thumbprint: string; why: string } | null;
  /** Certificate stores that could not be listed (store name -> why): their certificates are unknown, not absent. */
  storesUnreadable?: Record<string, string>;
}

/**
 * EKUs a Remote Desktop listener certificate may carry: Server Authentication, the "Remote Desktop
 * Authentication" application policy that RDP certificate templates use instead, and Any Purpose.
 */
const EKU_RDP_OK = [EKU_SERVER_AUTH, '1.3.6.1.4.1.311.54.1.2', '2.5.29.37.0'];

type Verdict = { kind: 'ok' } | { kind: 'warn'; why: string } | { kind: 'bad'; why: string };

function validity(c: CertInfo, now: Date, needsServerAuth: boolean, keyMissing = false): Verdict {
  const left = daysLeft(c, now);
  if (!c.hasPrivateKey) return { kind: 'bad', why: 'has no private key' };
  if (keyMissing) return { kind: 'bad', why: 'has lost its private key file (the certificate still claims a key, but the file is gone)' };
  if (Date.parse(c.notAfter) <= now.getTime()) return { kind: 'bad', why: `expired on ${c.notAfter.slice(0, 10)}` };
  if (Date.parse(c.notBefore) > now.getTime()) return { kind: 'bad', why: `is not valid before ${c.notBefore.slice(0, 10)}` };
  if (needsServerAuth && c.enhancedKeyUsage.length > 0 && !c.enhancedKeyUsage.some((e) => EKU_RDP_OK.includes(e))) {
    return { kind: 'bad', why: 'is for neither server authentication nor Remote Desktop Authentication (EKU)' };
  }
  if (left < MARGIN_DAYS) return { kind: 'warn', why: `expires in ${left} day${left === 1 ? '' : 's'} (${c.notAfter.slice(0, 10)})` };
  return { kind: 'ok' };
}

/** The self-signed certificate TermService uses: the one WMI names, else the longest-lived with a key. */
export function currentSelfSigned(d: Pick<CertData, 'selfSigned' | 'inUse'>): CertInfo | undefined {
  const named = d.selfSigned.find((c) => c.thumbprint === d.inUse);
  if (named) return named;
  const byExpiry = [...d.selfSigned].sort((a, b) => Date.parse(b.notAfter) - Date.parse(a.notAfter));
  return byExpiry.find((c) => c.hasPrivateKey) ?? byExpiry[0];
}

/** Self-signed certificates renew deletes: every unusable one, and the current one when it is about to expire. */
function renewTargets(d: CertData, now: Date): CertInfo[] {
  const current = currentSelfSigned(d);
  return d.selfSigned.filter(
    (c) => validity(c, now, false, keyMissing(d, c)).kind === 'bad' || (c === current && validity(c, now, false).kind === 'warn'),
  );
}

/**
 * The in-use certificate's key file is gone: only when the script proved it by listing the key folder. A key
 * that merely failed to open (0x80090016) is not proof: see keyUnreadable.
 */
function keyFileMissing(keys: MachineKeysView | null): CertData['keyFileMissing'] {
  const k = keys?.keyFile;
  if (k && !k.exists && k.existsProven) return { thumbprint: normalizeThumbprint(k.thumbprint), path: k.path };
  return null;
}

function keyUnreadable(keys: MachineKeysView | null, inUse: string | null): CertData['keyUnreadable'] {
  if (!keys || !inUse || keyFileMissing(keys)) return null;
  const k = keys.keyFile;
  if (k?.aclError)
    return { thumbprint: normalizeThumbprint(inUse), why: `Administrators cannot read the key file's permissions (${k.aclError})` };
  if (/\(0x80090016\)/.test(keys.keyNote ?? ''))
    return { thumbprint: normalizeThumbprint(inUse), why: `its private key could not be opened by this account (${keys.keyNote})` };
  return null;
}

const keyMissing = (d: CertData, c: CertInfo) => d.keyFileMissing?.thumbprint === c.thumbprint;

/** "expired 11 days ago", never "-11 days left". */
function lifeLeft(days: number): string {
  if (days < 0) return `expired ${-days} ${-days === 1 ? 'day' : 'days'} ago`;
  return days === 0 ? 'expires today' : `${days} ${days === 1 ? 'day' : 'days'} left`;
}

function certLine(c: CertInfo, now: Date): string {
  return `${c.thumbprint}, ${c.subject}, valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)} (${lifeLeft(daysLeft(c, now))}), ${c.hasPrivateKey ? 'has' : 'no'} private key`;
}

function bindingHex(b: RegRead): string | null {
  return b.exists && b.type === 'REG_BINARY' && typeof b.data === 'string' ? normalizeThumbprint(b.data) : null;
}

function judgeBinding(d: CertData, now: Date, evidence: EvidenceItem[]): Judgement {
  const hex = bindingHex(d.binding);
  const broken = (why: string): Judgement => ({
    status: 'fail',
    verdict: `The custom RDP certificate binding (${BINDING}) ${why}, so the listener has no usable certificate and TLS fails. Removing the binding makes Remote Desktop use its self-signed certificate again.`,
    evidence,
    fixes: ['remove-broken-binding'],
  });
  if (hex === null || hex.length !== 40) {
    return broken(`is not a 20-byte REG_BINARY thumbprint (${d.binding.type}: ${JSON.stringify(d.binding.data)})`);
  }
  if (!d.bound && d.storesUnreadable?.[MY_STORE]) return storeUnknown(MY_STORE, d.storesUnreadable[MY_STORE], evidence);
  if (!d.bound) return broken(`points at ${hex}, which is not in Cert:\\LocalMachine\\My`);
  const v = validity(d.bound, now, true, keyMissing(d, d.bound));
  if (v.kind === 'bad') return broken(`points at a certificate that ${v.why}`);
  if (v.kind === 'warn') {
    return {
      status: 'warn',
      verdict: `The custom RDP certificate ${v.why}: renew it with its issuing CA and bind the new thumbprint before it runs out.`,
      evidence,
      fixes: [],
    };
  }
  return {
    status: 'pass',
    verdict: `RDP uses the custom certificate ${hex} from LocalMachine\\My, valid until ${d.bound.notAfter.slice(0, 10)}.`,
    evidence,
  };
}

/** A store that could not be listed: what it holds is unknown, so neither "no certificate" nor a fix. */
function storeUnknown(store: string, why: string, evidence: EvidenceItem[]): Judgement {
  evidence.push({ label: `Cert:\\LocalMachine\\${store}`, value: `could not read (${why})`, source: 'ops/certificate-list' });
  return {
    status: 'warn',
    verdict: `Could not read Cert:\\LocalMachine\\${store} (${why}), so which certificate Remote Desktop presents, and whether it is valid, is unknown. Run RDP Doctor as administrator.`,
    evidence,
    fixes: [],
  };
}

function judgeSelfSigned(d: CertData, now: Date, evidence: EvidenceItem[]): Judgement {
  const related = d.keyStoreProblem ? ['host.machinekeys'] : [];
  const current = currentSelfSigned(d);
  if (!current && d.storesUnreadable?.[RDP_STORE]) return storeUnknown(RDP_STORE, d.storesUnreadable[RDP_STORE], evidence);
  if (!current) {
    return {
      status: 'fail',
      verdict: d.keyStoreProblem
        ? `Remote Desktop has no certificate: TermService cannot create one because ${d.keyStoreProblem} (see host.machinekeys). Clients fail the TLS handshake (0x904/0x7).`
        : 'Remote Desktop has no certificate in Cert:\\LocalMachine\\Remote Desktop, so clients fail the TLS handshake (0x904/0x7). Restarting Remote Desktop Services makes Windows create one.',
      evidence,
      related,
      fixes: ['renew-certificate'],
    };
  }
  const v = validity(current, now, false, keyMissing(d, current));
  if (v.kind === 'ok') {
    return {
      status: 'pass',
      verdict: `The self-signed RDP certificate is valid until ${current.notAfter.slice(0, 10)} and has its private key.`,
      evidence,
    };
  }
  if (v.kind === 'warn') {
    return {
      status: 'warn',
      verdict: `The self-signed RDP certificate ${v.why}; renew it now to avoid an outage.`,
      evidence,
      related,
      fixes: ['renew-certificate'],
    };
  }
  return {
    status: 'fail',
    verdict: `The self-signed RDP certificate ${v.why}, so clients drop the TLS handshake (0x904/0x7).`,
    evidence,
    related,
    fixes: ['renew-certificate'],
  };
}

/**
 * A certificate that would pass but whose key this account cannot read is a warning pointing at
 * host.machinekeys, never a failure with renewal: renewal deletes a key that may be fine for TermService.
 */
function withUnreadableKey(d: CertData, j: Judgement): Judgement {
  if (!d.keyUnreadable || j.status !== 'pass') return j;
  return {
    status: 'warn',
    verdict: `The RDP certificate ${d.keyUnreadable.thumbprint} is otherwise valid, but ${d.keyUnreadable.why}: the key is unreadable here, not proven missing; see host.machinekeys. Renewal is not offered without proof that the key is gone.`,
    evidence: j.evidence,
    related: ['host.machinekeys'],
    fixes: [],
  };
}

async function waitForNewCertificate(ctx: CheckContext, old: string[]): Promise<CertInfo> {
  for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, POLL_INTERVAL_MS));
    if (ctx.signal.aborted) throw new Error('cancelled while waiting for the new certificate');
    const [rdp] = await listCertificates(ctx, [{ store: RDP_STORE }]);
    const fresh = (rdp?.certificates ?? []).find((c) => !old.includes(c.thumbprint) && validity(c, ctx.now(), false).kind === 'ok');
    if (fresh) return fresh;
  }
  throw new Error(
    `no new certificate appeared in Cert:\\LocalMachine\\Remote Desktop within ${(POLL_ATTEMPTS * POLL_INTERVAL_MS) / 1000} s; check host.machinekeys and the System log (RemoteConnectionManager 1057)`,
  );
}

interface RenewSnapshot {
  [k: string]: Json;
  store: string;
  /** What cannot be restored, kept for the record: thumbprint, subject, dates and the public certificate. */
  deleted: CertInfo[];
  previousThumbprints: string[];
}

const CONFIRM_RENEW =
  'This deletes the self-signed Remote Desktop certificate and cannot be undone: Windows creates a new one with a new thumbprint, so every client that saved the old certificate shows a new-certificate warning on its next connection. The old thumbprint and expiry are kept in the journal. Remote Desktop Services restarts and every RDP session on the host is dropped.';

const renewCertificate: Fix<CertData, RenewSnapshot> = {
  id: 'renew-certificate',
  title: 'Renew the self-signed RDP certificate',
  description:
    'Deletes the expired or unusable self-signed certificate from Cert:\\LocalMachine\\Remote Desktop, restarts SessionEnv and TermService, and waits until Windows has created a new one. Security settings (SecurityLayer, NLA) are left as they are.',
  reversible: false,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: true,
  touches: { shape: 'certificate-renewal', certificateStore: RDP_STORE, services: ['SessionEnv', 'TermService'] },
  confirmText: CONFIRM_RENEW,
  blockedBy: (d) =>
    d.keyStoreProblem
      ? `Windows cannot create a new certificate key while ${d.keyStoreProblem}: Repair the MachineKeys permissions first (the check “MachineKeys folder and key permissions”)`
      : null,
  async snapshot(ctx, d) {
    const targets = renewTargets(d, ctx.now()).map((c) => c.thumbprint);
    const [rdp] = await listCertificates(ctx, [{ store: RDP_STORE, thumbprints: targets }], true);
    return {
      store: RDP_STORE,
      deleted: targets.length ? (rdp?.certificates ?? []) : [],
      previousThumbprints: d.selfSigned.map((c) => c.thumbprint),
    };
  },
  plan(snapshot, ctx) {
    const deleted = snapshot.deleted;
    return {
      changes: [
        ...deleted.map((c) => ({
          what: `Cert:\\LocalMachine\\Remote Desktop\\${c.thumbprint}`,
          before: `${c.subject}, expires ${c.notAfter.slice(0, 16).replace('T', ' ')} UTC`,
          after: 'deleted with its private key file (thumbprint and expiry kept in the journal)',
        })),
        { what: 'SessionEnv, TermService', before: 'Running', after: 'restarted' },
        {
          what: 'Cert:\\LocalMachine\\Remote Desktop',
          before: `${snapshot.previousThumbprints.length} certificate(s)`,
          after: 'a new self-signed certificate with a new thumbprint',
        },
      ],
      warnings: [
        'Clients that saved the old certificate will show a new-certificate prompt on their next connection.',
        ...termServiceRestartWarnings(ctx),
      ],
    };
  },
  async apply(ctx, snapshot) {
    // With its key file: otherwise every renewal leaves an orphaned key in MachineKeys.
    await removeCertificates(
      ctx,
      RDP_STORE,
      snapshot.deleted.map((c) => c.thumbprint),
      true,
    );
    await controlService(ctx, 'SessionEnv', 'restart');
    await controlService(ctx, 'TermService', 'restart');
    await waitForNewCertificate(ctx, snapshot.previousThumbprints);
  },
  async result(ctx, snapshot) {
    const [rdp] = await listCertificates(ctx, [{ store: RDP_STORE }]);
    const fresh = (rdp?.certificates ?? []).find((c) => !snapshot.previousThumbprints.includes(c.thumbprint));
    return fresh ? { newCertificate: { thumbprint: fresh.thumbprint, notAfter: fresh.notAfter } } : null;
  },
};

export const check: Check<CertData> = {
  id: 'host.certificate',
  side: 'host',
  layer: 'certificate',
  rank: 90,
  title: 'RDP certificate',
  reads: `Cert:\\LocalMachine\\Remote Desktop; ${BINDING} (REG_BINARY) under ${RDP_TCP_KEY} and its certificate in Cert:\\LocalMachine\\My; Win32_TSGeneralSetting.SSLCertificateSHA1Hash`,
  passWhen: `the certificate in use has its private key, is within its dates with ${MARGIN_DAYS} days to spare, and (custom) is in LocalMachine\\My for server authentication`,
  source: 'all three',
  scripts: ['checks/host/certificate/certificate', 'ops/certificate-list', 'ops/registry-read', 'checks/host/machinekeys/machinekeys'],
  async collect(ctx) {
    // All four reads at once (one round trip over remoting). The bound certificate is looked up in My by the
    // binding's value, resolved on the host: a binding that is not a thumbprint (or none: "-") matches nothing,
    // and bindingHex below decides what the binding is.
    const [[[binding], listing], inUse, keys] = await Promise.all([
      readRegistryThen(ctx, [{ key: RDP_TCP_KEY, name: BINDING }], {
        ...certificateListCall([{ store: RDP_STORE }, { store: MY_STORE, thumbprints: ['-'] }]),
        derive: [fromRegistry(0, ['stores', 1, 'thumbprints', 0], 'string', '-')],
      }),
      ctx.host.run('checks/host/certificate/certificate', {}, InUse, { signal: ctx.signal }),
      collectMachineKeys(ctx).catch(() => null),
    ]);
    const hex = bindingHex(binding!);
    const problems = keys ? folderProblems(keys) : [];
    return {
      selfSigned: listing.stores[0]?.certificates ?? [],
      binding: binding!,
      bound: listing.stores[1]?.certificates.find((c) => c.thumbprint === hex) ?? null,
      inUse: inUse.inUseThumbprint ? normalizeThumbprint(inUse.inUseThumbprint) : null,
      inUseUnreadable: inUse.unreadable ?? null,
      keyStoreProblem: problems.length ? problems.join('; ') : null,
      keyFileMissing: keyFileMissing(keys),
      keyUnreadable: keyUnreadable(keys, inUse.inUseThumbprint),
      storesUnreadable: Object.fromEntries(listing.stores.filter((s) => s.unreadable).map((s) => [s.store, s.unreadable!])),
    };
  },
  judge(d, ctx) {
    const now = ctx.now();
    const hex = bindingHex(d.binding);
    const current = currentSelfSigned(d);
    const evidence: EvidenceItem[] = [
      {
        label: 'custom binding',
        value: d.binding.exists
          ? `${hex ?? JSON.stringify(d.binding.data)} (${d.binding.type})`
          : '(not set: the self-signed certificate is used)',
        source: `${RDP_TCP_KEY}\\${BINDING}`,
      },
      ...(d.binding.exists
        ? [
            {
              label: 'bound certificate',
              value: d.bound ? certLine(d.bound, now) : 'not found in LocalMachine\\My',
              source: 'Cert:\\LocalMachine\\My',
            },
          ]
        : []),
      {
        label: 'self-signed certificate',
        value: current ? certLine(current, now) : 'none',
        source: 'Cert:\\LocalMachine\\Remote Desktop',
      },
      ...(d.selfSigned.length > 1 ? [{ label: 'certificates in the Remote Desktop store', value: d.selfSigned.length }] : []),
      {
        label: 'in use (WMI)',
        value: d.inUseUnreadable ? `could not read Win32_TSGeneralSetting (${d.inUseUnreadable})` : (d.inUse ?? '(none reported)'),
        source: 'Win32_TSGeneralSetting.SSLCertificateSHA1Hash',
      },
    ];
    if (d.keyStoreProblem) evidence.push({ label: 'MachineKeys', value: d.keyStoreProblem, source: 'host.machinekeys' });
    if (d.keyFileMissing)
      evidence.push({ label: 'private key file', value: `missing for ${d.keyFileMissing.thumbprint}`, source: d.keyFileMissing.path });
    if (d.keyUnreadable) evidence.push({ label: 'private key', value: `unreadable: ${d.keyUnreadable.why}`, source: 'host.machinekeys' });
    const j = d.binding.exists ? judgeBinding(d, now, evidence) : judgeSelfSigned(d, now, evidence);
    return withUnreadableKey(d, j);
  },
  fixes: [
    renewCertificate,
    registryFix<CertData>({
      id: 'remove-broken-binding',
      title: 'Remove the broken custom certificate binding',
      description: `Deletes ${BINDING} under ${RDP_TCP_KEY} so Remote Desktop uses its self-signed certificate. The previous bytes are kept and restored by rollback (REG_BINARY).`,
      reversible: true,
      lowersSecurity: false,
      needsAdmin: true,
      needsRestart: false,
      dropsSessions: false,
      // A thumbprint is 20 bytes; a broken binding may hold other bytes, so any REG_BINARY up to 64 bytes is restored.
      touches: {
        shape: 'registry-values',
        // A binding written with the wrong type (a thumbprint as REG_SZ) is broken too; rollback puts back that string.
        registry: [
          { key: RDP_TCP_KEY, name: BINDING, type: 'REG_BINARY', pattern: /^(?:[0-9A-F]{2}){0,64}$/i },
          { key: RDP_TCP_KEY, name: BINDING, type: 'REG_SZ', pattern: /^[0-9A-Fa-f ]{0,128}$/ },
        ],
      },
      writes: () => [{ key: RDP_TCP_KEY, name: BINDING, value: null }],
      warnings: () => [
        'New connections use the self-signed certificate: clients that trusted the custom certificate see a certificate prompt. Bind a valid certificate from LocalMachine\\My later to replace it.',
      ],
    }),
  ],
};

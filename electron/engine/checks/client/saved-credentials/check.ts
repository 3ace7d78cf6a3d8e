// client.saved-credentials: Remote Desktop credentials saved in Credential Manager (TERMSRV/<host>). A saved
// password older than the host's current certificate was stored before the host was rebuilt or re-keyed, and
// mstsc keeps offering it. Deleting one cannot be undone (the password is not ours to keep): the journal keeps
// the target, the user and when it was saved.
import { z } from 'zod';
import type { Json } from '../../../../../shared/model';
import { formatTarget } from '../../../../../shared/target';
import type { Check, CheckContext, Fix } from '../../../types';
import {
  collectPerUser,
  knownCertificateFor,
  namesThisPc,
  otherDesktopUser,
  overTheShoulderVerdict,
  userEvidence,
  type KnownCertificate,
  type PerUser,
} from '../leftover-common';

const SCRIPT = 'checks/client/saved-credentials/saved-credentials';
const DELETE_SCRIPT = 'checks/client/saved-credentials/saved-credentials-delete';

export const SavedCredential = z.object({
  target: z.string(),
  user: z.string().nullable(),
  type: z.string().nullable(),
  lastWritten: z.string().nullable(),
});
export type SavedCredential = z.infer<typeof SavedCredential>;
export const CredentialList = z.object({
  source: z.enum(['CredEnumerate', 'cmdkey']),
  credentials: z.array(SavedCredential),
  /** cmdkey /list's exit code (the fallback path only): a listing that failed lists nothing, which is not "none saved". */
  exitCode: z.number().nullable().default(null),
  /** Why CredEnumerate was not used (ConstrainedLanguage refuses Add-Type, or the API failed). */
  apiError: z.string().nullable().default(null),
});
export const DeleteResult = z.object({ target: z.string(), deleted: z.boolean(), exitCode: z.number() });

type Data = PerUser & { own: z.infer<typeof CredentialList> };

interface Assessed extends SavedCredential {
  host: string;
  hostCertificate: KnownCertificate | null;
  stale: boolean;
}

function assess(data: Data, ctx: CheckContext): Assessed[] {
  return data.own.credentials.map((c) => {
    const host = c.target.replace(/^TERMSRV\//i, '');
    const hostCertificate = knownCertificateFor(host, data.pc, data.probed, ctx);
    const stale =
      hostCertificate?.notBefore != null && c.lastWritten !== null && Date.parse(c.lastWritten) < Date.parse(hostCertificate.notBefore);
    return { ...c, host, hostCertificate, stale };
  });
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'unknown date');

interface Snapshot {
  [key: string]: Json;
  credentials: { target: string; user: string | null; type: string | null; lastWritten: string | null }[];
}

const deleteStaleCredentials: Fix<Data, Snapshot> = {
  id: 'delete-stale-credentials',
  touches: { shape: 'credential-deletion', targetPrefix: 'TERMSRV/' },
  title: 'Delete the stale saved Remote Desktop credentials',
  description:
    "Deletes the saved credentials that predate the host's current certificate (cmdkey /delete:TERMSRV/<host>), so Remote Desktop Connection asks for the password again.",
  reversible: false,
  lowersSecurity: false,
  needsAdmin: false,
  needsRestart: false,
  dropsSessions: false,
  confirmText:
    'The saved passwords cannot be restored: the user types them again at the next connection. RDP Doctor keeps the target, user name and date of each one in the journal.',
  async snapshot(ctx, data) {
    return {
      credentials: assess(data, ctx)
        .filter((c) => c.stale)
        .map((c) => ({ target: c.target, user: c.user, type: c.type, lastWritten: c.lastWritten })),
    };
  },
  plan(snapshot) {
    return {
      changes: snapshot.credentials.map((c) => ({
        what: `Credential Manager: ${c.target}`,
        before: `${c.user ?? 'saved credential'} (saved ${day(c.lastWritten)})`,
        after: '(deleted)',
      })),
      warnings: ['The saved password is gone for good; the user enters it again when Remote Desktop Connection asks.'],
    };
  },
  async apply(ctx, snapshot) {
    for (const c of snapshot.credentials) {
      await ctx.host.run(DELETE_SCRIPT, { target: c.target }, DeleteResult, { signal: ctx.signal });
    }
  },
};

export const check: Check<Data> = {
  id: 'client.saved-credentials',
  side: 'client',
  layer: 'client-leftovers',
  rank: 60,
  title: 'Saved Remote Desktop credentials',
  reads: 'Credential Manager entries TERMSRV/<target> of the user running RDP Doctor (CredEnumerate, or the target= part of cmdkey /list)',
  passWhen: "no saved credential is older than the host's current certificate, and RDP Doctor runs as the desktop user",
  source: '000',
  scripts: [SCRIPT, 'ops/session-user', 'ops/this-pc'],
  async collect(ctx) {
    const targets = ctx.target ? [...new Set([`TERMSRV/${ctx.target.host}`, `TERMSRV/${formatTarget(ctx.target)}`])] : null;
    return collectPerUser(ctx, ctx.host.run(SCRIPT, { targets }, CredentialList, { signal: ctx.signal }));
  },
  judge(data, ctx) {
    const rows = assess(data, ctx);
    const scope = ctx.target ? `for ${formatTarget(ctx.target)}` : 'for Remote Desktop';
    const evidence = [
      ...userEvidence(data.user),
      { label: 'Read through', value: data.own.source, source: 'Credential Manager' },
      ...rows.map((c) => ({
        label: c.target,
        value: `${c.user ?? '(user unknown)'}, saved ${day(c.lastWritten)}${
          c.hostCertificate ? `; host certificate ${c.hostCertificate.thumbprint} in use since ${day(c.hostCertificate.notBefore)}` : ''
        }${c.stale ? ' (stale)' : ''}`,
        source: c.hostCertificate?.source ?? 'Credential Manager',
      })),
    ];
    const other = otherDesktopUser(data.user);
    if (other) {
      return { status: 'warn', verdict: overTheShoulderVerdict(data.user, 'saved credentials'), evidence, fixes: [] };
    }
    // The fallback's cmdkey failed: no target= line proves nothing, so "no saved credentials" is unknown.
    if (data.own.source === 'cmdkey' && data.own.exitCode !== null && data.own.exitCode !== 0 && rows.length === 0) {
      evidence.push({ label: 'cmdkey /list', value: `exit code ${data.own.exitCode}`, source: 'Credential Manager' });
      return {
        status: 'warn',
        verdict: `Could not list the saved credentials: CredEnumerate was not available (${data.own.apiError ?? 'unknown reason'}) and cmdkey /list failed (exit code ${data.own.exitCode}), so whether a stale password is saved ${scope} is unknown.`,
        evidence,
        fixes: [],
      };
    }
    const stale = rows.filter((c) => c.stale);
    if (stale.length > 0) {
      const names = stale.map((c) => c.target).join(', ');
      // Saved before the current certificate is a hint, not proof: Windows renews its self-signed RDP
      // certificate by itself about every six months, and a password changes with the account, not the host.
      return {
        status: 'warn',
        verdict: `The saved credentials ${names} were stored before the host's current certificate was created. That alone does not mean the password is wrong (Windows renews its self-signed RDP certificate on its own about every six months), but if the host was rebuilt or the password changed since, Remote Desktop Connection keeps sending the old one and the logon fails. If the connection fails after the security handshake, delete them and type the password again.`,
        evidence,
        related: ['client.history'],
        fixes: [deleteStaleCredentials.id],
      };
    }
    // A credential for this PC is judged against this PC's own certificate: with its store unreadable, "none is
    // older" is unknown, not a pass.
    const blind = rows.some((c) => c.hostCertificate === null && namesThisPc(c.host, data.pc)) ? data.pc.unreadable : [];
    if (blind.length > 0) {
      const what = blind.map((u) => `Cert:\\LocalMachine\\${u.store} (${u.reason})`).join(', ');
      evidence.push({ label: 'Could not read', value: what, source: 'ops/this-pc' });
      return {
        status: 'warn',
        verdict: `Could not read ${what}: whether the saved credentials for this PC predate its current certificate is unknown (not "none is older"). Check that store's permissions for the account running RDP Doctor.`,
        evidence,
        fixes: [],
      };
    }
    if (rows.length === 0) return { status: 'pass', verdict: `No saved credentials ${scope}.`, evidence };
    return {
      status: 'pass',
      verdict: `${rows.length} saved credential${rows.length === 1 ? '' : 's'} ${scope}; none is known to be older than the host's certificate.`,
      evidence,
    };
  },
  fixes: [deleteStaleCredentials],
};

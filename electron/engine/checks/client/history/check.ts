// client.history: Remote Desktop Connection's per-user history. A server entry's CertHash is the certificate
// the user told mstsc to trust; when the host now presents another one (renewed or rebuilt), the entry is
// stale. The fix exports the keys it touches (reg export into the journal folder: the technician's backup) and
// keeps their values in the snapshot before deleting them; rollback writes those validated values back, never
// `reg import` (a .reg file in the folder can name any key).
import path from 'node:path';
import { z } from 'zod';
import type { Json } from '../../../../../shared/model';
import { formatTarget } from '../../../../../shared/target';
import type { Check, CheckContext, Fix } from '../../../types';
import { RegValue } from '../../../ops/registry';
import { TSCLIENT_KEY } from '../../../windows-paths';
import {
  collectPerUser,
  knownCertificateFor,
  namesThisPc,
  otherDesktopUser,
  overTheShoulderVerdict,
  sameHost,
  userEvidence,
  type KnownCertificate,
  type PerUser,
} from '../leftover-common';

const READ_SCRIPT = 'checks/client/history/history';
const EDIT_SCRIPT = 'checks/client/history/history-edit';

export const HistoryData = z.object({
  mru: z.array(z.object({ name: z.string(), value: z.string() })),
  servers: z.array(z.object({ server: z.string(), usernameHint: z.string().nullable(), certHash: z.string().nullable() })),
  /** Keys the script could not open (access denied or another error): their entries are unknown, not absent. */
  unreadable: z.array(z.object({ key: z.string(), reason: z.string() })),
});
export type HistoryData = z.infer<typeof HistoryData>;

const NamedValue = RegValue.extend({ name: z.string() });
export const HistoryExport = z.object({
  files: z.array(z.string()),
  servers: z.array(z.object({ server: z.string(), values: z.array(NamedValue) })),
  mru: z.array(NamedValue),
});
export const Removed = z.object({ removed: z.number() });
export const Restored = z.object({ restored: z.number(), via: z.literal('values') });

type Data = PerUser & { own: HistoryData };

interface ServerView {
  server: string;
  usernameHint: string | null;
  certHash: string | null;
  current: KnownCertificate | null;
  stale: boolean;
}

function inScope(ctx: CheckContext, name: string): boolean {
  return !ctx.target || sameHost(name, ctx.target.host);
}

function view(data: Data, ctx: CheckContext): { servers: ServerView[]; mru: HistoryData['mru'] } {
  const servers = data.own.servers
    .filter((s) => inScope(ctx, s.server))
    .map((s) => {
      const current = knownCertificateFor(s.server, data.pc, data.probed, ctx);
      const stale = s.certHash !== null && current !== null && s.certHash.toUpperCase() !== current.thumbprint;
      return { ...s, current, stale };
    });
  return { servers, mru: data.own.mru.filter((m) => inScope(ctx, m.value)) };
}

/** What the fix removes: the stale server entries and the MRU entries that point at the same hosts. */
function removals(data: Data, ctx: CheckContext): { servers: string[]; mru: string[] } {
  const stale = view(data, ctx).servers.filter((s) => s.stale);
  const mru = data.own.mru.filter((m) => stale.some((s) => sameHost(s.server, m.value))).map((m) => m.name);
  return { servers: stale.map((s) => s.server), mru };
}

type Snapshot = z.infer<typeof HistoryExport> & { [key: string]: Json };

const clearStaleHistory: Fix<Data, Snapshot> = {
  id: 'clear-stale-history',
  touches: { shape: 'history-export', key: TSCLIENT_KEY },
  title: 'Remove the stale connection history entries',
  description:
    'Exports the Remote Desktop Connection history keys it changes (reg export), then removes the server entries whose remembered certificate no longer matches the host, and their MRU entries. Rollback imports the export.',
  reversible: true,
  lowersSecurity: false,
  needsAdmin: false,
  needsRestart: false,
  dropsSessions: false,
  async snapshot(ctx, data) {
    // Exports go into the protected journal folder only (rollback reads nothing from anywhere else); a preview has none.
    const exportDir = ctx.journalDir ? path.join(ctx.journalDir, 'exports') : null;
    const out = await ctx.host.run(EDIT_SCRIPT, { action: 'export', ...removals(data, ctx), exportDir }, HistoryExport, {
      signal: ctx.signal,
    });
    return out;
  },
  plan(snapshot) {
    const changes = [
      ...snapshot.servers.map((s) => ({
        what: `${TSCLIENT_KEY}\\Servers\\${s.server}`,
        before: s.values.map((v) => `${v.name}=${String(v.data)}`).join(', ') || '(empty key)',
        after: '(deleted)',
      })),
      ...snapshot.mru.map((m) => ({ what: `${TSCLIENT_KEY}\\Default\\${m.name}`, before: String(m.data), after: '(deleted)' })),
    ];
    const warnings = snapshot.files.length > 0 ? [`Exported first to ${snapshot.files.join(', ')}.`] : [];
    return { changes, warnings };
  },
  async apply(ctx, snapshot) {
    await ctx.host.run(
      EDIT_SCRIPT,
      { action: 'delete', servers: snapshot.servers.map((s) => s.server), mru: snapshot.mru.map((m) => m.name) },
      Removed,
      {
        signal: ctx.signal,
      },
    );
  },
  async rollback(ctx, snapshot) {
    await ctx.host.run(EDIT_SCRIPT, { action: 'restore', servers: snapshot.servers, mru: snapshot.mru }, Restored, {
      signal: ctx.signal,
    });
  },
};

export const check: Check<Data> = {
  id: 'client.history',
  side: 'client',
  layer: 'client-leftovers',
  rank: 70,
  title: 'Remote Desktop Connection history',
  reads: `${TSCLIENT_KEY}\\Default (MRU0..MRU9) and ${TSCLIENT_KEY}\\Servers\\<host> (UsernameHint, CertHash) of the user running RDP Doctor`,
  passWhen: "no remembered CertHash differs from the host's current certificate, and RDP Doctor runs as the desktop user",
  source: '000',
  // The fix's history-edit script is not listed: the check itself never runs it.
  scripts: [READ_SCRIPT, 'ops/session-user', 'ops/this-pc'],
  async collect(ctx) {
    return collectPerUser(ctx, ctx.host.run(READ_SCRIPT, {}, HistoryData, { signal: ctx.signal }));
  },
  judge(data, ctx) {
    const { servers, mru } = view(data, ctx);
    const evidence = [
      ...userEvidence(data.user),
      ...mru.map((m) => ({ label: m.name, value: m.value, source: `${TSCLIENT_KEY}\\Default` })),
      ...servers.map((s) => ({
        label: `Servers\\${s.server}`,
        value: `UsernameHint ${s.usernameHint ?? '(none)'}; CertHash ${s.certHash ?? '(none)'}${
          s.current ? `; host now presents ${s.current.thumbprint}` : ''
        }${s.stale ? ' (stale)' : ''}`,
        source: s.current?.source ?? `${TSCLIENT_KEY}\\Servers`,
      })),
    ];
    if (otherDesktopUser(data.user)) {
      return { status: 'warn', verdict: overTheShoulderVerdict(data.user, 'connection history'), evidence, fixes: [] };
    }
    const stale = servers.filter((s) => s.stale);
    // This PC's store matters only for an entry naming this PC whose certificate nothing else told us.
    const storeNeeded = servers.some((s) => s.certHash !== null && s.current === null && namesThisPc(s.server, data.pc));
    const unreadable = [
      ...data.own.unreadable,
      ...(storeNeeded ? data.pc.unreadable.map((u) => ({ key: `Cert:\\LocalMachine\\${u.store}`, reason: u.reason })) : []),
    ];
    evidence.push(...unreadable.map((u) => ({ label: 'Could not read', value: `${u.key} (${u.reason})`, source: u.key })));
    if (stale.length === 0 && unreadable.length > 0) {
      return {
        status: 'warn',
        verdict: `Could not read ${unreadable.map((u) => `${u.key} (${u.reason})`).join(', ')}: whether a remembered certificate is stale is unknown (not "nothing stale"). Check that item's permissions for the account running RDP Doctor.`,
        evidence,
        fixes: [],
      };
    }
    if (stale.length > 0) {
      return {
        status: 'warn',
        verdict: `Remote Desktop Connection remembers a certificate for ${stale.map((s) => s.server).join(', ')} that the host no longer presents (its certificate was renewed or the host rebuilt): the history predates the change. Remove the stale entries.`,
        evidence,
        related: ['client.saved-credentials'],
        fixes: [clearStaleHistory.id],
      };
    }
    const scope = ctx.target ? ` for ${formatTarget(ctx.target)}` : '';
    if (servers.length === 0 && mru.length === 0)
      return { status: 'pass', verdict: `No Remote Desktop Connection history${scope}.`, evidence };
    return { status: 'pass', verdict: `Connection history${scope} has no remembered certificate that differs from the host's.`, evidence };
  },
  fixes: [clearStaleHistory],
};

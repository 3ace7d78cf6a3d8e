// host.machinekeys: TermService (NETWORK SERVICE) creates and reads the RDP certificate's private key under
// C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys. KB 278381's defaults on the folder: Administrators Full
// Control and Everyone a "special" set (list/read, create files, write attributes, read permissions), this
// folder only. Judged by SID (names are localized). Repair saves ACLs (icacls /save) and owners first;
// on Azure VMs the folder can instead be renamed aside so Windows recreates it.
import { z } from 'zod';
import type { EvidenceItem } from '../../../../../shared/model';
import type { Check, CheckContext, Fix } from '../../../types';
import { AclSave, restoreAcl, RIGHTS, saveAcl, setAcl, SID, type AclSetItem } from '../../../ops/acl';
import { listCertificates, removeCertificates, RDP_STORE } from '../../../ops/certificates';
import { leafOf, parentOf, renamePath } from '../../../ops/paths';
import { controlService, termServiceRestartWarnings } from '../../../ops/services';
import { CNG_MACHINE_KEYS_DIR, MACHINEKEYS_DIR } from '../../../windows-paths';
import { collectAzure, isAzure, RUN_COMMAND_GUIDANCE, type AzureData } from '../azure/check';

const Ace = z.object({
  identity: z.string(),
  sid: z.string(),
  rights: z.string(),
  mask: z.number(),
  type: z.enum(['Allow', 'Deny']),
  inherited: z.boolean(),
  inheritance: z.string(),
});
export type AceView = z.infer<typeof Ace>;

const MachineKeysView = z.object({
  dir: z.object({
    path: z.string(),
    exists: z.boolean(),
    owner: z.string().nullable(),
    ownerSid: z.string().nullable(),
    acl: z.array(Ace),
  }),
  keyFile: z
    .object({
      thumbprint: z.string(),
      store: z.string(),
      provider: z.enum(['CSP', 'CNG']),
      name: z.string(),
      path: z.string(),
      exists: z.boolean(),
      /** exists was established by listing the folder; false when the folder could not be listed. */
      existsProven: z.boolean(),
      owner: z.string().nullable(),
      ownerSid: z.string().nullable(),
      acl: z.array(Ace),
      /** The file is there but Administrators may not read its owner and ACL (KB 278381); null when read. */
      aclError: z.string().nullable(),
    })
    .nullable(),
  keyNote: z.string().nullable(),
});
export type MachineKeysView = z.infer<typeof MachineKeysView>;

interface Data {
  view: MachineKeysView;
  azure: AzureData | null;
}

/** Everyone's KB 278381 "special" rights on the folder (Synchronize aside). */
export const KB278381_EVERYONE =
  RIGHTS.readData |
  RIGHTS.createFiles |
  RIGHTS.appendData |
  RIGHTS.readEa |
  RIGHTS.writeEa |
  RIGHTS.readAttributes |
  RIGHTS.writeAttributes |
  RIGHTS.readPermissions;
/** The folder's default DACL: protected, Everyone special + Synchronize, Administrators Full, this folder only. */
export const MACHINEKEYS_DEFAULT_SDDL = 'D:P(A;;0x12019f;;;WD)(A;;FA;;;BA)';
/** NETWORK SERVICE: Read, as TermService grants it on the key file of its own certificate. */
const NS_READ_ACE = '(A;;FR;;;NS)';

/** Identities a NETWORK SERVICE token carries, for "can it read" and for Deny entries that hit it. */
const NETWORK_SERVICE_TOKEN: string[] = [SID.networkService, SID.everyone, SID.authenticatedUsers, SID.users, SID.service];
const DENY_MATTERS: string[] = [...NETWORK_SERVICE_TOKEN, SID.administrators, SID.system];

function has(mask: number, bits: number): boolean {
  return (mask & bits) === bits || (mask & RIGHTS.genericAll) !== 0;
}
function canRead(mask: number): boolean {
  return (mask & RIGHTS.readData) !== 0 || (mask & (RIGHTS.genericRead | RIGHTS.genericAll)) !== 0;
}

export function folderProblems(view: MachineKeysView): string[] {
  const { dir } = view;
  if (!dir.exists) return [`${dir.path} does not exist`];
  const p: string[] = [];
  const allow = dir.acl.filter((a) => a.type === 'Allow');
  if (!allow.some((a) => a.sid === SID.administrators && has(a.mask, RIGHTS.fullControl)))
    p.push('Administrators do not have Full Control');
  if (!allow.some((a) => a.sid === SID.everyone && has(a.mask, KB278381_EVERYONE)))
    p.push(
      'Everyone lost the right to create key files (KB 278381: list the folder, create files, read permissions), so NETWORK SERVICE cannot create keys',
    );
  for (const a of dir.acl.filter((x) => x.type === 'Deny' && DENY_MATTERS.includes(x.sid) && (x.mask & KB278381_EVERYONE) !== 0)) {
    p.push(`a Deny entry for ${a.identity} (${a.rights})`);
  }
  return p;
}

export function keyFileProblems(view: MachineKeysView): string[] {
  const k = view.keyFile;
  if (!k || !k.exists || k.aclError) return [];
  const hits = (a: AceView) => NETWORK_SERVICE_TOKEN.includes(a.sid) && canRead(a.mask);
  if (k.acl.some((a) => a.type === 'Deny' && hits(a))) return [`a Deny entry stops NETWORK SERVICE reading the key file ${k.name}`];
  if (!k.acl.some((a) => a.type === 'Allow' && hits(a))) return [`NETWORK SERVICE cannot read the key file ${k.name}`];
  return [];
}

/**
 * The key file keeps its other explicit entries (a web server's app pool may read the same key): only Deny
 * entries that stop NETWORK SERVICE reading go, and a NETWORK SERVICE Read entry is added.
 */
export function keyFileSddl(acl: AceView[]): string {
  const inherits = acl.some((a) => a.inherited);
  const kept = acl
    .filter((a) => !a.inherited)
    .filter((a) => !(a.type === 'Deny' && NETWORK_SERVICE_TOKEN.includes(a.sid) && canRead(a.mask)))
    .map((a) => `(${a.type === 'Allow' ? 'A' : 'D'};;0x${a.mask.toString(16)};;;${a.sid})`);
  // Deny entries first, as Windows orders them.
  const ordered = [...kept.filter((x) => x.startsWith('(D')), ...kept.filter((x) => x.startsWith('(A')), NS_READ_ACE];
  return `D:${inherits ? 'AI' : 'P'}${ordered.join('')}`;
}

const aclText = (acl: AceView[]) => (acl.length ? acl.map((a) => `${a.type} ${a.identity}: ${a.rights}`).join('; ') : '(empty)');

export async function collectMachineKeys(ctx: CheckContext): Promise<MachineKeysView> {
  return ctx.host.run('checks/host/machinekeys/machinekeys', { path: MACHINEKEYS_DIR }, MachineKeysView, { signal: ctx.signal });
}

const ownerIsDefault = (sid: string | null) => sid === SID.administrators || sid === SID.system;

function repairItems(view: MachineKeysView): AclSetItem[] {
  const items: AclSetItem[] = [];
  if (folderProblems(view).length || !ownerIsDefault(view.dir.ownerSid)) {
    items.push({ path: view.dir.path, sddl: MACHINEKEYS_DEFAULT_SDDL, takeOwnership: !ownerIsDefault(view.dir.ownerSid) });
  }
  if (keyFileProblems(view).length && view.keyFile)
    items.push({ path: view.keyFile.path, sddl: keyFileSddl(view.keyFile.acl), takeOwnership: false });
  return items;
}

/** The repair changes an owner: that is the take-ownership fix, with its own confirmation. */
const needsOwnership = (view: MachineKeysView) => repairItems(view).some((i) => i.takeOwnership);

const CERT_NOTE =
  'TermService creates a missing self-signed certificate only when it starts: if host.certificate still fails afterwards, use its renew fix.';

/** What the repair may touch: the MachineKeys tree, and a CNG key file that lives outside it. */
function savePaths(view: MachineKeysView): string[] {
  const k = view.keyFile;
  const outside = k?.exists && !k.path.toLowerCase().startsWith(`${MACHINEKEYS_DIR.toLowerCase()}\\`);
  return outside ? [MACHINEKEYS_DIR, k.path] : [MACHINEKEYS_DIR];
}

type RepairSnapshot = { saves: AclSave[] };

function repairFix(id: string, ownership: boolean): Fix<Data, RepairSnapshot> {
  return {
    id,
    touches: { shape: 'acl-saves', under: [MACHINEKEYS_DIR, CNG_MACHINE_KEYS_DIR] },
    title: ownership ? 'Take ownership of MachineKeys and repair its permissions' : 'Repair MachineKeys permissions',
    description:
      `Saves every readable ACL and owner under ${MACHINEKEYS_DIR} to files in RDP Doctor's journal folder (icacls /save), then ` +
      (ownership ? 'gives the folder back to the Administrators group (takeown /a, as Microsoft documents), ' : '') +
      "resets the folder to the KB 278381 default (Administrators Full Control, Everyone special, this folder only) and lets NETWORK SERVICE read the RDP certificate's key file. Key files Administrators cannot read are listed and left alone.",
    reversible: true,
    lowersSecurity: false,
    needsAdmin: true,
    needsRestart: false,
    dropsSessions: false,
    ...(ownership
      ? {
          confirmText: `The MachineKeys folder is owned by another account; ownership will go to the Administrators group (takeown /a). Rollback gives it back to the saved owner.`,
        }
      : {}),
    async snapshot(ctx, { view }) {
      const stamp = ctx.now().toISOString().replace(/[-:.]/g, '');
      const saves: AclSave[] = [];
      for (const [i, p] of savePaths(view).entries()) saves.push(await saveAcl(ctx, p, `machinekeys-${stamp}-${i}`));
      return { saves };
    },
    plan(snapshot, _ctx, { view }) {
      const changes = repairItems(view).map((i) => {
        const current = i.path === view.dir.path ? view.dir : view.keyFile!;
        return {
          what: i.path,
          before: `owner ${current.owner ?? '?'}; ${aclText(current.acl)}`,
          after: `${i.takeOwnership ? 'owner BUILTIN\\Administrators (takeown /a); ' : ''}${i.sddl}`,
        };
      });
      const items = snapshot.saves.reduce((n, sv) => n + sv.items, 0);
      const unreadable = snapshot.saves.reduce((n, sv) => n + sv.unreadableCount, 0);
      const warnings = [
        `The ACLs and owners of ${items - unreadable} items are saved first (files in RDP Doctor's journal folder); rollback restores ACLs, then owners.`,
        CERT_NOTE,
      ];
      if (unreadable > 0)
        warnings.push(`${unreadable} key file(s) could not be read by Administrators (KB 278381): they are not saved and not changed.`);
      return { changes, warnings };
    },
    blockedBy: ({ view }) => {
      const bad = repairItems(view).find((i) => unsavable(view, i.path));
      return bad ? `${bad.path} cannot be read by Administrators, so its permissions cannot be saved for rollback` : null;
    },
    async apply(ctx, snapshot, { view }) {
      for (const i of repairItems(view)) {
        if (snapshot.saves.some((sv) => sv.unreadable.some((u) => u.path.toLowerCase() === i.path.toLowerCase()))) {
          throw new Error(`${i.path} could not be saved (not readable by Administrators): nothing was changed`);
        }
      }
      await setAcl(ctx, repairItems(view));
    },
    async rollback(ctx, snapshot) {
      for (const save of [...snapshot.saves].reverse()) await restoreAcl(ctx, AclSave.parse(save));
    },
  };
}

/** An item the repair would change but whose security descriptor could not be read (so not saved). */
function unsavable(view: MachineKeysView, path: string): boolean {
  const k = view.keyFile;
  return !!k && k.aclError !== null && k.path.toLowerCase() === path.toLowerCase();
}

const repairMachinekeysAcl = repairFix('repair-machinekeys-acl', false);
const takeOwnershipRepairMachinekeys = repairFix('take-ownership-repair-machinekeys', true);

interface RenameSnapshot {
  [k: string]: string | string[];
  path: string;
  asideName: string;
  rdpThumbprints: string[];
}

const renameMachinekeys: Fix<Data, RenameSnapshot> = {
  id: 'rename-machinekeys',
  touches: { shape: 'rename-aside', path: MACHINEKEYS_DIR, certificateStore: RDP_STORE },
  title: 'Rename MachineKeys aside (Azure)',
  description: `Renames ${MACHINEKEYS_DIR} aside so Windows recreates it with default permissions, then restarts Remote Desktop Services so it creates a new key. ${RUN_COMMAND_GUIDANCE}`,
  reversible: true,
  lowersSecurity: false,
  needsAdmin: true,
  needsRestart: false,
  dropsSessions: true,
  // Every other service's machine keys (IIS, SQL Server, ...) are gone from the folder until this is rolled back.
  confirmText:
    'I understand: Remote Desktop sessions drop, and other services that keep keys in MachineKeys (IIS, SQL Server) lose them until this is undone.',
  async snapshot(ctx) {
    const [rdp] = await listCertificates(ctx, [{ store: RDP_STORE }]);
    const stamp = ctx
      .now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    return {
      path: MACHINEKEYS_DIR,
      asideName: `${leafOf(MACHINEKEYS_DIR)}.rdpdoctor-${stamp}`,
      rdpThumbprints: (rdp?.certificates ?? []).map((c) => c.thumbprint),
    };
  },
  plan(snapshot, ctx) {
    return {
      changes: [
        {
          what: snapshot.path,
          before: 'in place',
          after: `renamed to ${snapshot.asideName}; Windows creates a new MachineKeys folder (TermService puts its new key there)`,
        },
        { what: 'TermService', before: 'Running', after: 'restarted' },
      ],
      warnings: [
        'Every machine key moves aside with the folder: certificates of other services on this VM (IIS, SQL Server, ...) cannot use their private keys until this is rolled back.',
        CERT_NOTE,
        ...termServiceRestartWarnings(ctx),
      ],
    };
  },
  async apply(ctx, snapshot) {
    await renamePath(ctx, snapshot.path, snapshot.asideName);
    await controlService(ctx, 'TermService', 'restart');
  },
  async rollback(ctx, snapshot) {
    const [rdp] = await listCertificates(ctx, [{ store: RDP_STORE }]);
    const created = (rdp?.certificates ?? []).map((c) => c.thumbprint).filter((t) => !snapshot.rdpThumbprints.includes(t));
    // Rename back first: whatever the recreated folder holds (TermService's new key, and keys other services made
    // meanwhile: IIS, SQL Server, agents) moves into the restored folder, and a name in both stops the rename with
    // nothing changed. Only then are the certificates created since removed, with their keys, from there.
    const asidePath = `${parentOf(snapshot.path)}\\${snapshot.asideName}`;
    await renamePath(ctx, asidePath, leafOf(snapshot.path), 'merge');
    await removeCertificates(ctx, RDP_STORE, created, true);
  },
};

/**
 * KB 278381's case: the key file exists but Administrators neither own it nor may read its ACL. What NETWORK
 * SERVICE may do cannot be read either. Ownership must change before anything can be read or repaired, and the
 * previous owner and ACL cannot be saved first, so the app guides instead of changing it.
 */
function unreadableKeyFile(path: string, error: string, evidence: EvidenceItem[]) {
  return {
    status: 'warn' as const,
    verdict:
      `Administrators cannot read the permissions of the RDP key file ${path} (${error}), as KB 278381 describes: whether NETWORK SERVICE may read it cannot be confirmed, so this key is unreadable here, not missing. ` +
      `To inspect or repair it, an administrator takes ownership the documented way (takeown /a /f "${path}") and then grants NETWORK SERVICE Read; RDP Doctor does not change a file whose current owner and permissions it cannot save for rollback.`,
    evidence,
    // The root of host.certificate's warning, which points here: no pointer back.
    related: [],
    fixes: [],
  };
}

export const check: Check<Data> = {
  id: 'host.machinekeys',
  side: 'host',
  layer: 'certificate',
  rank: 100,
  title: 'MachineKeys folder and key permissions',
  reads: `${MACHINEKEYS_DIR}: owner and ACL; the ACL of the RDP certificate's key file (via Win32_TSGeneralSetting.SSLCertificateSHA1Hash)`,
  passWhen:
    "the folder exists with Administrators Full Control and Everyone's KB 278381 rights, no Deny entries in the way, and NETWORK SERVICE can read the RDP key file",
  source: 'all three',
  scripts: ['checks/host/machinekeys/machinekeys', 'checks/host/azure/azure'],
  async collect(ctx) {
    const view = await collectMachineKeys(ctx);
    const azure = await collectAzure(ctx).catch(() => null);
    return { view, azure };
  },
  judge({ view, azure }) {
    const k = view.keyFile;
    const evidence: EvidenceItem[] = [
      { label: 'folder', value: view.dir.exists ? `owner ${view.dir.owner}` : 'missing', source: view.dir.path },
      { label: 'folder ACL', value: aclText(view.dir.acl), source: 'Get-Acl' },
      {
        label: 'RDP key file',
        value: k
          ? `${k.name} (${k.provider}, certificate ${k.thumbprint} in ${k.store})${k.exists ? '' : ': file missing'}`
          : (view.keyNote ?? '(none)'),
        ...(k ? { source: k.path } : {}),
      },
    ];
    if (k?.exists)
      evidence.push({
        label: 'key file ACL',
        value: k.aclError ? `not readable by Administrators: ${k.aclError}` : `owner ${k.owner}; ${aclText(k.acl)}`,
        source: 'Get-Acl',
      });
    const onAzure = azure !== null && isAzure(azure);
    if (!view.dir.exists) {
      return {
        status: 'fail',
        verdict: `The MachineKeys folder is missing, so TermService cannot create or read its certificate key. Restart the host so Windows recreates it${onAzure ? ', or roll back an earlier rename' : ''}.`,
        evidence,
        related: ['host.certificate'],
        fixes: [],
      };
    }
    const problems = [...folderProblems(view), ...keyFileProblems(view)];
    if (k?.aclError) return unreadableKeyFile(k.path, k.aclError, evidence);
    if (k && !k.exists && !k.existsProven) {
      return {
        status: 'warn',
        verdict: `Whether the RDP key file ${k.path} exists could not be established (the folder could not be listed); the key could not be opened (${view.keyNote ?? 'no detail'}).`,
        evidence,
        related: ['host.certificate'],
        fixes: [],
      };
    }
    if (k && !k.exists) {
      const remedy =
        k.store === 'My'
          ? 're-import the bound certificate with its private key (PFX), or bind another one (host.certificate)'
          : 'renew the self-signed certificate (host.certificate)';
      return {
        status: 'fail',
        verdict: `The RDP certificate's private key file ${k.path} is missing, so TermService cannot use the certificate; ${remedy}.`,
        evidence,
        related: ['host.certificate'],
        fixes: problems.length ? [needsOwnership(view) ? takeOwnershipRepairMachinekeys.id : repairMachinekeysAcl.id] : [],
      };
    }
    if (problems.length === 0) {
      // Without the key file's ACL (no certificate in use, or the key could not be opened) only the folder is known.
      const keyPart = k
        ? ' and NETWORK SERVICE can read the RDP key'
        : `; the RDP key file was not checked (${view.keyNote ?? 'no certificate in use'})`;
      return { status: 'pass', verdict: `MachineKeys has its default permissions${keyPart}.`, evidence };
    }
    return {
      status: 'fail',
      verdict: `MachineKeys permissions are broken (${problems.join('; ')}): TermService cannot create or use its certificate key, so TLS fails and clients see 0x904/0x7.`,
      evidence,
      fixes: [
        needsOwnership(view) ? takeOwnershipRepairMachinekeys.id : repairMachinekeysAcl.id,
        ...(onAzure ? ['rename-machinekeys'] : []),
      ],
    };
  },
  fixes: [repairMachinekeysAcl, takeOwnershipRepairMachinekeys, renameMachinekeys],
};

// A remote host's identity, as the journal on the helpdesk PC keys it: the name the technician used, the
// machine SID and the SMBIOS UUID (Win32_ComputerSystemProduct.UUID; an Azure VM's id). A rename or a re-imaged
// PC with the same name is another host; so is a VM cloned without sysprep, which keeps the machine SID but
// gets its own UUID.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

export const IdentityOutput = z.object({ computerName: z.string(), machineSid: z.string().nullable(), uuid: z.string() });

export interface HostIdentity {
  /** The name used to reach it (computer name, or the VM's resource id). */
  name: string;
  /** The host's own computer name. */
  computerName: string;
  machineSid: string | null;
  /** The SMBIOS UUID (for an Azure VM, its VM id); null when the host reports none. */
  vmId: string | null;
}

export function identityKey(id: HostIdentity): string {
  return `${id.name.toLowerCase()}|${id.machineSid ?? '-'}|uuid:${(id.vmId ?? '').toLowerCase()}`;
}

/**
 * The key builds before the SMBIOS UUID was part of it wrote (name and machine SID, or the VM id without a
 * SID). Read only to adopt their journals (legacy-journal.ts), never to key new entries.
 */
export function legacyIdentityKey(id: HostIdentity): string {
  return `${id.name.toLowerCase()}|${id.machineSid ?? `vm:${(id.vmId ?? '').toLowerCase()}`}`;
}

function journalFolder(dataDir: string, name: string, key: string): string {
  const safe =
    name
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '_')
      .slice(0, 60) || 'host';
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return path.join(dataDir, 'journal', 'remote', `${safe}-${hash}`);
}

/** dataDir/journal/remote/<name>-<hash of the identity>: readable in a file browser, unique per machine. */
export function remoteJournalDir(dataDir: string, id: HostIdentity): string {
  return journalFolder(dataDir, id.name, identityKey(id));
}

/** Where a build before the UUID key kept this host's journal. */
export function legacyRemoteJournalDir(dataDir: string, id: HostIdentity): string {
  return journalFolder(dataDir, id.name, legacyIdentityKey(id));
}

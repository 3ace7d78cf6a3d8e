// On real Windows, NTE_BAD_KEYSET (0x80090016) comes back both when the key file is gone and when the
// administrator may not read it (KB 278381). host.certificate offers the irreversible renewal only when the
// script proved the file gone by listing the key folder; otherwise it says "unreadable: see host.machinekeys".
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createContext } from '../../../electron/engine/context';
import { evaluate } from '../../../electron/engine/evaluate';
import { findCheck } from '../../../electron/engine/checks';
import type { HostAdapter, RunOptions } from '../../../electron/hosts/host-adapter';
import { SimulatedHost } from '../../../electron/hosts/simulated/simulated-host';
import type { Json } from '../../../shared/model';

const BAD_KEYSET = 'the private key could not be opened (0x80090016): Keyset does not exist';

/** The healthy host, with the machinekeys script's key-file answer replaced as a real host could give it. */
function withKeyAnswer(sim: SimulatedHost, keyFile: (k: Record<string, unknown>) => Record<string, unknown> | null): HostAdapter {
  return {
    kind: 'simulated',
    info: () => sim.info(),
    flush: () => sim.flush(),
    close: () => sim.close(),
    async run<S extends z.ZodTypeAny>(script: string, input: Json, schema: S, options?: RunOptions): Promise<z.output<S>> {
      const out = (await sim.run(script, input, schema, options)) as Record<string, unknown>;
      if (script !== 'checks/host/machinekeys/machinekeys') return out as z.output<S>;
      return schema.parse({ ...out, keyFile: keyFile(out.keyFile as Record<string, unknown>), keyNote: BAD_KEYSET });
    },
  };
}

async function certificateFinding(host: HostAdapter) {
  const ctx = createContext(host, await host.info(), null, new AbortController().signal);
  return (await evaluate(findCheck('host.certificate')!, ctx)).finding;
}

describe('host.certificate and NTE_BAD_KEYSET', () => {
  it('the key file proven gone (folder listed, no such file): fails and offers renewal', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    const f = await certificateFinding(
      withKeyAnswer(sim, (k) => ({ ...k, exists: false, existsProven: true, owner: null, ownerSid: null, acl: [], aclError: null })),
    );
    expect(f.status).toBe('fail');
    expect(f.verdict).toMatch(/lost its private key file/);
    expect(f.fixes.map((x) => x.id)).toContain('renew-certificate');
  });

  it('0x80090016 with no key file found (name unknown): unreadable, see host.machinekeys, no renewal', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    const f = await certificateFinding(withKeyAnswer(sim, () => null));
    expect(f.status).toBe('warn');
    expect(f.verdict).toMatch(/unreadable here, not proven missing; see host\.machinekeys/);
    expect(f.fixes).toEqual([]);
  });

  it('the folder could not be listed: not proven missing, so no renewal', async () => {
    const sim = SimulatedHost.open({ scenario: 'healthy' });
    const f = await certificateFinding(
      withKeyAnswer(sim, (k) => ({ ...k, exists: false, existsProven: false, owner: null, ownerSid: null, acl: [], aclError: null })),
    );
    expect(f.status).toBe('warn');
    expect(f.fixes.map((x) => x.id)).not.toContain('renew-certificate');
  });

  it('machinekeys-unreadable (key file grants only SYSTEM and NETWORK SERVICE): both checks say unreadable, not missing; nothing offered', async () => {
    const sim = SimulatedHost.open({ scenario: 'machinekeys-unreadable' });
    const ctx = createContext(sim, await sim.info(), null, new AbortController().signal);
    const cert = (await evaluate(findCheck('host.certificate')!, ctx)).finding;
    const keys = (await evaluate(findCheck('host.machinekeys')!, ctx)).finding;
    expect(cert.status).toBe('warn');
    expect(cert.related).toEqual(['host.machinekeys']);
    expect(cert.fixes).toEqual([]);
    expect(keys.status).toBe('warn');
    expect(keys.verdict).toMatch(/unreadable here, not missing/);
    expect(keys.verdict).toMatch(/takeown \/a \/f/);
    // No ACL repair that would replace a DACL it could not read (that would drop SYSTEM's access).
    expect(keys.fixes).toEqual([]);
    expect(keys.evidence.find((e) => e.label === 'key file ACL')?.value).toMatch(/not readable by Administrators/);
  });
});

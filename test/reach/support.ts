// Opens simulated hosts behind a simulated WinRM link and gives a check context on each, as the CLI does.
import path from 'node:path';
import { createContext } from '../../electron/engine/context';
import { hostRefOf } from '../../electron/engine/fixer';
import { Journal } from '../../electron/engine/journal';
import { remoteJournalDir } from '../../electron/reach/identity';
import { RemoteHost } from '../../electron/reach/remote-host';
import { SimulatedLink } from '../../electron/reach/simulated/sim-link';
import type { SimulatedHost } from '../../electron/hosts/simulated/simulated-host';
import { canonicalJson } from '../../electron/util/canonical-json';
import { tempDir } from '../support/sim';

export async function openRemoteSim(
  name: string,
  scenario: string,
  options: { latencyMs?: number; link?: SimulatedLink; dataDir?: string; prepare?: (sim: SimulatedHost) => void } = {},
) {
  const link = options.link ?? new SimulatedLink(options.latencyMs ?? 1);
  const sim = link.add({ name, scenario });
  options.prepare?.(sim);
  const host = new RemoteHost(link.transport(name));
  const info = await host.info();
  const dataDir = options.dataDir ?? tempDir('rdp-doctor-reach-');
  const journal = new Journal(remoteJournalDir(dataDir, host.identity!));
  return {
    link,
    sim,
    host,
    journal,
    dataDir,
    hostRef: hostRefOf(host),
    ctx: () => createContext(host, info, null, new AbortController().signal),
    state: () => canonicalJson(sim.state),
    journalDir: () => path.resolve(journal.dir),
  };
}

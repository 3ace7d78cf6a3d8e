// The hand-written samples of the client .ps1 outputs (written from Microsoft's documentation) go through the
// same schemas as the simulator's output, and the simulator answers the same inputs with the same shapes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CredsspData } from '../../../electron/engine/checks/client/credssp/check';
import { HistoryData, HistoryExport, Removed, Restored } from '../../../electron/engine/checks/client/history/check';
import { SessionUser, ThisPc } from '../../../electron/engine/checks/client/leftover-common';
import { CredentialList, DeleteResult } from '../../../electron/engine/checks/client/saved-credentials/check';
import { SecurityProducts } from '../../../electron/engine/checks/client/security-software/check';
import { UdpEvidence } from '../../../electron/engine/checks/client/udp-transport/check';
import { AdapterList, ResetResult } from '../../../electron/engine/checks/client/winsock/check';
import { openSim } from '../../support/sim';
import { sampleFileOf } from '../../support/samples';

const SCHEMAS: Record<string, (input: { action?: string }) => z.ZodTypeAny> = {
  'ops/session-user': () => SessionUser,
  'ops/this-pc': () => ThisPc,
  'checks/client/saved-credentials/saved-credentials': () => CredentialList,
  'checks/client/saved-credentials/saved-credentials-delete': () => DeleteResult,
  'checks/client/history/history': () => HistoryData,
  'checks/client/history/history-edit': (i) => (i.action === 'export' ? HistoryExport : i.action === 'delete' ? Removed : Restored),
  'checks/client/udp-transport/udp-transport': () => UdpEvidence,
  'checks/client/credssp/credssp': () => CredsspData,
  'checks/client/winsock/winsock': () => AdapterList,
  'checks/client/winsock/winsock-reset': () => ResetResult,
  'checks/client/security-software/security-software': () => SecurityProducts,
};

/** Scripts and actions that change the host: the simulator is not asked to run those here. */
const changes = (script: string, input: { action?: string }) =>
  script.endsWith('-delete') || script.endsWith('-reset') || ['delete', 'restore'].includes(input.action ?? '');

function samples(script: string): { name: string; input: { action?: string }; output: unknown }[] {
  return JSON.parse(readFileSync(sampleFileOf(script), 'utf8')).samples;
}

describe('samples of the client scripts', () => {
  for (const [script, schemaFor] of Object.entries(SCHEMAS)) {
    it(`${script}: every sample follows the schema, and so does the simulator`, async () => {
      const list = samples(script);
      expect(list.length).toBeGreaterThan(0);
      for (const s of list) {
        const r = schemaFor(s.input).safeParse(s.output);
        expect(r.success, `${s.name}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`).toBe(true);
      }
      const sim = await openSim('stale-credentials');
      for (const s of list.filter((x) => !changes(script, x.input))) {
        await expect(sim.host.run(script, s.input as never, schemaFor(s.input))).resolves.toBeTruthy();
      }
    });
  }
});

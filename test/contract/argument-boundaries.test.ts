// The contract's argument rules at their edges, as the IPC handler and the web server apply them: each row is
// one argument a buggy or hostile renderer could send, and either it passes or it is refused as bad-input
// naming the field. An id that merely starts right (a journal id with a path after it) is refused here, at
// the boundary, not left for a deeper layer to trip over.
import { describe, expect, it } from 'vitest';
import { validateArgs } from '../../shared/contract';

const ENTRY = '20261121T101500Z-1a2b3c4d';
const LONG = (n: number) => 'a'.repeat(n);

describe('contract arguments at their edges', () => {
  // [channel, args, refused field (null: accepted)]
  const rows: Array<[string, unknown, string | null]> = [
    ['journal:rollback', { entryId: ENTRY }, null],
    ['journal:rollback', { entryId: `${ENTRY}\\..\\..\\Windows\\win` }, 'entryId'],
    ['journal:rollback', { entryId: `${ENTRY}.json` }, 'entryId'],
    ['journal:rollback', { entryId: `${ENTRY}\n` }, 'entryId'],
    ['journal:rollback', { entryId: ` ${ENTRY}` }, 'entryId'],
    ['journal:rollback', { entryId: ENTRY.toUpperCase() }, 'entryId'],
    ['journal:rollback', { entryId: ENTRY, extra: 1 }, 'extra'],
    ['fix:plan', { checkId: 'host.certificate', fixId: 'renew-certificate', target: null }, null],
    ['fix:plan', { checkId: 'host.certificate\n', fixId: 'renew-certificate', target: null }, 'checkId'],
    ['fix:plan', { checkId: 'host.certificate', fixId: 'renew-certificate; rm', target: null }, 'fixId'],
    ['fix:plan', { checkId: 'remote.certificate', fixId: 'renew-certificate', target: null }, 'checkId'],
    ['fix:plan', { checkId: 'host.certificate', fixId: LONG(40), target: null }, null],
    ['fix:plan', { checkId: 'host.certificate', fixId: LONG(41), target: null }, 'fixId'],
    ['check:run', { checkId: 'client.tcp', target: LONG(260) }, null],
    ['check:run', { checkId: 'client.tcp', target: LONG(261) }, 'target'],
    ['check:run', { checkId: 'client.tcp', target: '' }, 'target'],
    ['scenarios:select', { name: 'expired-cert' }, null],
    ['scenarios:select', { name: '../healthy' }, 'name'],
    ['scenarios:select', { name: 'Expired-Cert' }, 'name'],
    ['diagnose:cancel', { runId: LONG(64) }, null],
    ['diagnose:cancel', { runId: LONG(65) }, 'runId'],
  ];
  for (const [channel, args, field] of rows) {
    it(`${channel} ${JSON.stringify(args).slice(0, 90)}: ${field ? `refused (${field})` : 'accepted'}`, () => {
      const r = validateArgs(channel, args);
      if (field === null) {
        expect(r.ok, JSON.stringify(r)).toBe(true);
      } else {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('bad-input');
          expect(`${r.error.field ?? ''} ${r.error.message}`).toContain(field);
        }
      }
    });
  }
});

// Every IPC channel: a foreign sender, malformed payloads and hostile strings are refused before the service
// runs, or (hostile strings a field admits) reach the service unchanged, as data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENT_NAMES, channels, type Args, type Channel } from '../../shared/contract';
import { createIpcHandlers, forwardEvents, isTrustedSender, registerIpc, type IpcHandler } from '../../electron/main/ipc';
import { INDEX_URL, RecordingService, fakeWindow, foreignEvents, mainFrameAt } from './fakes';
import { HOSTILE_SAMPLES, hostileString, stringPaths, valueAt, withValueAt } from './hostile';

/** One valid argument per channel; the mapped type makes a new channel a compile error here until added. */
const VALID: { [C in Channel]: Args<C> } = {
  'app:info': {},
  'scenarios:list': {},
  'scenarios:select': { name: 'expired-cert' },
  'diagnose:run': { target: 'rdp.example.com:3389', sides: ['client', 'host'], checks: ['host.certificate'] },
  'diagnose:cancel': { runId: 'run-1' },
  'check:run': { checkId: 'host.certificate', target: null },
  'fix:plan': { checkId: 'host.certificate', fixId: 'renew-certificate', target: null },
  'fix:apply': {
    checkId: 'host.certificate',
    fixId: 'renew-certificate',
    planId: '0123456789abcdef0123456789abcdef',
    confirmed: true,
    target: 'server01',
  },
  'journal:list': {},
  'journal:rollback': { entryId: '20261121T101500Z-1a2b3c4d' },
  'probe:run': { target: '10.0.0.5', timeoutMs: 2000 },
  'scan:run': { targets: ['10.0.0.5', 'server01:3390'], concurrency: 4, timeoutMs: 1000 },
  'report:export': { format: 'pdf', redactUser: true },
  'report:summary': { redactUser: false },
  'app:relaunch-elevated': {},
  'host:connect': { kind: 'winrm', computer: 'pc-042', user: 'CORP\\helpdesk', https: true, resourceId: null },
  'fleet:run': { text: 'pc-042\npc-043 scenario=expired-cert\n', concurrency: 8 },
};

function setup() {
  const service = new RecordingService();
  const fake = fakeWindow();
  const handlers = createIpcHandlers(service, fake.window);
  const handler = (channel: Channel): IpcHandler => handlers.get(channel)!;
  return { service, fake, handlers, handler };
}

describe('IPC sender check', () => {
  it('accepts our main frame showing our index.html, with a hash route', () => {
    const { fake } = setup();
    expect(isTrustedSender(fake.trustedEvent(), fake.window)).toBe(true);
    const routed = mainFrameAt(`${INDEX_URL}#/journal`);
    expect(isTrustedSender(routed.event, routed.window)).toBe(true);
  });

  it.each([
    'https://evil.example/index.html',
    'http://127.0.0.1:8080/index.html',
    'file:///C:/Users/Public/index.html',
    'file://evil-server/share/dist/renderer/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
  ])('refuses our main frame once it shows %s', (url) => {
    const { event, window } = mainFrameAt(url);
    expect(isTrustedSender(event, window)).toBe(false);
  });

  it('refuses everything once the window is gone', () => {
    const { fake } = setup();
    expect(isTrustedSender(fake.trustedEvent(), { ...fake.window, webContentsId: () => null })).toBe(false);
  });
});

describe.each(CHANNELS)('channel %s', (channel) => {
  it('answers a valid call from our window through the service, with the validated argument', async () => {
    const { service, fake, handler } = setup();
    const answer = await handler(channel)(fake.trustedEvent(), VALID[channel]);
    expect(answer).toEqual({ ok: true, value: { echoed: true } });
    expect(service.calls).toEqual([{ channel, args: VALID[channel] }]);
  });

  it.each(foreignEvents(fakeWindow().mainFrame).map(([name]) => name))(
    'refuses %s with "forbidden" and never calls the service',
    async (name) => {
      const { service, fake, handler } = setup();
      const event = foreignEvents(fake.mainFrame).find(([n]) => n === name)![1];
      const answer = await handler(channel)(event, VALID[channel]);
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.error.code).toBe('forbidden');
      expect(service.calls).toEqual([]);
    },
  );

  it('refuses a foreign page in our main frame even with a valid argument', async () => {
    const service = new RecordingService();
    const { event, window } = mainFrameAt('https://evil.example/');
    const answer = await createIpcHandlers(service, window).get(channel)!(event, VALID[channel]);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(service.calls).toEqual([]);
  });

  it('refuses missing or extra positional arguments', async () => {
    const { service, fake, handler } = setup();
    expect(await handler(channel)(fake.trustedEvent())).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'args' } });
    expect(await handler(channel)(fake.trustedEvent(), VALID[channel], VALID[channel])).toMatchObject({
      ok: false,
      error: { code: 'bad-input' },
    });
    expect(service.calls).toEqual([]);
  });

  it('refuses random malformed payloads with "bad-input" and never calls the service', async () => {
    const schema = channels[channel].args;
    const sample = VALID[channel] as Record<string, unknown>;
    const keys = [...Object.keys(schema.shape), '__proto__', 'constructor', 'extra'];
    const malformed = fc
      .oneof(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withSparseArray: true,
          withNullPrototype: true,
          withObjectString: true,
          withBoxedValues: true,
        }),
        // One field of a valid call replaced by anything, or an unknown key added.
        fc.tuple(fc.constantFrom(...keys), fc.anything({ withNullPrototype: true })).map(([key, value]) => {
          const copy: Record<string, unknown> = { ...sample };
          Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
          return copy;
        }),
      )
      .filter((value) => !schema.safeParse(value).success);
    await fc.assert(
      fc.asyncProperty(malformed, async (payload) => {
        const { service, fake, handler } = setup();
        const answer = await handler(channel)(fake.trustedEvent(), payload);
        expect(answer.ok).toBe(false);
        if (!answer.ok) {
          expect(answer.error.code).toBe('bad-input');
          expect(answer.error.field ?? '').toMatch(/^args/);
          expect(answer.error.message.startsWith(answer.error.field ?? '')).toBe(true);
        }
        expect(service.calls).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  const paths = stringPaths(channels[channel].args);
  if (paths.length > 0) {
    it.each(paths.map((p) => p.join('.')))(
      'hostile strings at args.%s are refused naming the field, or reach the service unchanged',
      async (dotted) => {
        const path = paths.find((p) => p.join('.') === dotted)!;
        const check = async (text: string): Promise<void> => {
          const { service, fake, handler } = setup();
          const payload = withValueAt(VALID[channel], path, text);
          const answer = await handler(channel)(fake.trustedEvent(), payload);
          if (answer.ok) {
            expect(service.calls).toHaveLength(1);
            expect(valueAt(service.calls[0]!.args, path)).toBe(text);
          } else {
            expect(answer.error.code).toBe('bad-input');
            expect(answer.error.field).toBe(`args.${dotted}`);
            expect(answer.error.message.startsWith(`args.${dotted}`)).toBe(true);
            expect(service.calls).toEqual([]);
          }
        };
        for (const sample of HOSTILE_SAMPLES) await check(sample);
        await fc.assert(fc.asyncProperty(hostileString, check), { numRuns: 100 });
      },
    );
  }
});

describe('IPC registration and events', () => {
  it('registers exactly one handler per contract channel, and removes them', () => {
    const { handlers } = setup();
    const handled: string[] = [];
    const removed: string[] = [];
    const off = registerIpc(
      { handle: (channel: string) => void handled.push(channel), removeHandler: (channel: string) => void removed.push(channel) },
      handlers,
    );
    expect(handled.sort()).toEqual([...CHANNELS].sort());
    off();
    expect(removed.sort()).toEqual([...CHANNELS].sort());
  });

  it('a handler survives a service that throws, answering "internal"', async () => {
    const { service, fake, handler } = setup();
    service.answer = () => {
      throw new Error('boom');
    };
    expect(await handler('journal:list')(fake.trustedEvent(), {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('forwards every contract event to a live window only, and unsubscribes', () => {
    const service = new RecordingService();
    const sent: [string, unknown][] = [];
    let destroyed = false;
    const off = forwardEvents(service, () => ({ isDestroyed: () => destroyed, send: (c, p) => void sent.push([c, p]) }));
    for (const name of EVENT_NAMES) expect(service.listenerCount(name)).toBe(1);
    service.emit('diagnose:progress', { runId: 'r', checkId: 'host.service', phase: 'started', done: 0, total: 1 });
    destroyed = true;
    service.emit('diagnose:progress', { runId: 'r', checkId: 'host.service', phase: 'finished', done: 1, total: 1 });
    expect(sent).toEqual([['diagnose:progress', { runId: 'r', checkId: 'host.service', phase: 'started', done: 0, total: 1 }]]);
    off();
    for (const name of EVENT_NAMES) expect(service.listenerCount(name)).toBe(0);
  });
});

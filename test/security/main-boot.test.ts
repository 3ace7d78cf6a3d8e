// Boots the real main bundle under plain Node with a recording stand-in for Electron: the hardening calls
// happen, the window gets the hardened options, every channel is handled, and a call from the page reaches
// the real service while a foreign sender and a hostile argument are refused.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../shared/contract';
import { HARDENED_PREFERENCES } from '../../electron/main/window-options';

function boot(env: Record<string, string> = {}, args: string[] = []) {
  const run = spawnSync(process.execPath, ['-r', './test/security/fixtures/fake-electron.cjs', 'dist/electron/main.cjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('FAKE-ELECTRON-RECORD '));
  if (!line) throw new Error(`no record; status ${run.status}\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(line.slice('FAKE-ELECTRON-RECORD '.length));
}

describe('main process boot (stand-in Electron)', () => {
  it('hardens the app, creates one hardened window on our index.html, and serves the contract', () => {
    const record = boot();
    expect(record.errors).toEqual([]);
    expect(record.sandbox).toBe(true);
    expect(record.singleInstance).toBe(true);
    expect(record.appEvents).toEqual(expect.arrayContaining(['web-contents-created', 'second-instance', 'window-all-closed']));
    expect(record.permissionHandlers).toEqual(expect.arrayContaining(['request', 'check', 'device']));
    expect(record.cspHeader).toBe(true);
    expect(record.windows).toHaveLength(1);
    expect(record.windows[0].webPreferences).toMatchObject({
      ...HARDENED_PREFERENCES,
      preload: path.resolve('dist/electron/preload.cjs'),
      devTools: true,
    });
    expect(record.contentsEvents).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']),
    );
    expect(record.windowOpenHandler).toBe(true);
    expect(record.loaded).toBe(path.resolve('dist/renderer/index.html'));
    expect([...record.handles].sort()).toEqual([...CHANNELS].sort());
    expect(record.appInfo).toMatchObject({ ok: true, value: { host: { kind: 'simulated' }, simulated: true } });
    expect(record.badInput).toMatchObject({ ok: false, error: { code: 'bad-input', field: 'args.name' } });
    expect(record.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(pathToFileURL(record.loaded).href).toMatch(/^file:\/\//);
  });

  it('a packaged app refuses a debugging switch before creating anything', () => {
    const record = boot({ FAKE_PACKAGED: '1' }, ['--remote-debugging-port=9222']);
    expect(record.exit).toBe(2);
    expect(record.windows).toEqual([]);
    expect(record.errors.join('\n')).toMatch(/remote-debugging-port/);
  });

  it('scheduled-revert mode hardens the process like a normal start (sandbox on), and opens no window', () => {
    const record = boot({}, ['--scheduled-revert=20261201T000000Z-0a1b2c3d']);
    expect(record.sandbox).toBe(true);
    expect(record.windows).toEqual([]);
    expect(record.appEvents).toContain('web-contents-created');
  });

  it('scheduled-revert mode with another argument beside it refuses to start (exit 2) and reverts nothing', () => {
    const record = boot({}, ['--scheduled-revert=20261201T000000Z-0a1b2c3d', '--remote-debugging-port=9222']);
    expect(record.exit).toBe(2);
    expect(record.windows).toEqual([]);
    expect(record.errors.join('\n')).toMatch(/--scheduled-revert: must be the only argument.*remote-debugging-port/);
  });

  it('a packaged app has no DevTools', () => {
    const record = boot({ FAKE_PACKAGED: '1' });
    expect(record.errors).toEqual([]);
    expect(record.windows[0].webPreferences.devTools).toBe(false);
  });
});

import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LaunchOptionError, forbiddenSwitch, hostChoice, scheduledRevertLaunch } from '../../electron/main/launch-options';
import { hostileString } from './hostile';

describe('launch options', () => {
  it.each([
    ['--remote-debugging-port=9222'],
    ['--remote-debugging-pipe'],
    ['--inspect'],
    ['--inspect-brk=0.0.0.0:9229'],
    ['--js-flags=--allow-natives-syntax'],
    ['--no-sandbox'],
    ['--disable-web-security'],
    ['--proxy-server=evil:8080'],
    ['--user-data-dir=C:\\Users\\Public\\x'],
    ['-remote-debugging-port=1'],
    ['--REMOTE-DEBUGGING-PORT=1'],
  ])('a packaged app refuses %s', (arg) => {
    expect(forbiddenSwitch(['RDP Doctor.exe', arg])).not.toBeNull();
  });

  it('ordinary arguments pass', () => {
    expect(forbiddenSwitch(['RDP Doctor.exe', '--scenario', 'expired-cert', 'C:\\file --inspect.txt'])).toBeNull();
  });

  describe('scheduled-revert mode: exactly the one argument the revert task passes', () => {
    const id = '20261201T000000Z-0a1b2c3d';
    it("the task's command line starts the revert (packaged; unpackaged with the app path)", () => {
      expect(scheduledRevertLaunch(['RDP Doctor.exe', `--scheduled-revert=${id}`], true)).toBe(id);
      expect(scheduledRevertLaunch(['electron', '.', `--scheduled-revert=${id}`], false)).toBe(id);
      expect(scheduledRevertLaunch(['RDP Doctor.exe', '--scenario', 'healthy'], true)).toBeUndefined();
    });
    it.each([
      [['RDP Doctor.exe', `--scheduled-revert=${id}`, '--remote-debugging-port=9222']],
      [['RDP Doctor.exe', '--proxy-server=127.0.0.1:8080', `--scheduled-revert=${id}`]],
      [['RDP Doctor.exe', `--scheduled-revert=${id}`, '--host-rules=MAP * 127.0.0.1']],
      [['RDP Doctor.exe', `--scheduled-revert=${id}`, `--scheduled-revert=${id}`]],
      [['RDP Doctor.exe', `--scheduled-revert=${id}`, 'C:\\x.json']],
      [['RDP Doctor.exe', '--scheduled-revert', id]],
      [['electron', `--scheduled-revert=${id}`], false],
    ])('refuses %j, naming --scheduled-revert', (argv, packaged = true) => {
      expect(() => scheduledRevertLaunch(argv, packaged)).toThrow(LaunchOptionError);
      expect(() => scheduledRevertLaunch(argv, packaged)).toThrow(/^--scheduled-revert: must be the only argument/);
    });
    it('a malformed entry id is refused by the id check', () => {
      expect(() => scheduledRevertLaunch(['RDP Doctor.exe', '--scheduled-revert=../../x'], true)).toThrow(/not a journal entry id/);
    });
  });

  it('Windows uses the real host; --simulated only in an unpackaged run', () => {
    expect(hostChoice({ argv: ['x'], platform: 'win32', packaged: true, dataDir: '/data' })).toEqual({ kind: 'powershell' });
    expect(hostChoice({ argv: ['x', '--simulated'], platform: 'win32', packaged: true, dataDir: '/data' })).toEqual({ kind: 'powershell' });
    expect(hostChoice({ argv: ['x', '--simulated'], platform: 'win32', packaged: false, dataDir: '/data' })).toMatchObject({
      kind: 'simulated',
      scenario: 'healthy',
    });
  });

  it('elsewhere the simulator, with a validated scenario and state file', () => {
    expect(hostChoice({ argv: ['x'], platform: 'linux', packaged: false, dataDir: '/data' })).toEqual({
      kind: 'simulated',
      scenario: 'healthy',
      stateFile: path.join('/data', 'simulated-state.json'),
    });
    expect(hostChoice({ argv: ['x'], platform: 'win32', packaged: true, dataDir: '/data', env: { RDP_DOCTOR_SIMULATED: '1' } })).toEqual({
      kind: 'powershell',
    });
    expect(
      hostChoice({ argv: ['x'], platform: 'win32', packaged: false, dataDir: '/data', env: { RDP_DOCTOR_SIMULATED: '1' } }),
    ).toMatchObject({ kind: 'simulated' });
    expect(
      hostChoice({ argv: ['x', '--scenario=expired-cert', '--state', 'st.json'], platform: 'linux', packaged: true, dataDir: '/data' }),
    ).toMatchObject({ scenario: 'expired-cert', stateFile: expect.stringMatching(/st\.json$/) });
  });

  it('hostile scenario names and state paths are refused naming the option', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        try {
          const choice = hostChoice({ argv: ['x', '--scenario', text], platform: 'linux', packaged: true, dataDir: '/data' });
          expect(choice).toMatchObject({ scenario: text });
          expect(text).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(LaunchOptionError);
          expect((error as LaunchOptionError).field).toBe('--scenario');
          expect((error as Error).message.startsWith('--scenario:')).toBe(true);
        }
        try {
          hostChoice({ argv: ['x', '--state', text], platform: 'linux', packaged: true, dataDir: '/data' });
          // eslint-disable-next-line no-control-regex -- asserts no control characters reached the path
          expect(text).not.toMatch(/[\u0000-\u001f]/);
        } catch (error) {
          expect((error as LaunchOptionError).field).toBe('--state');
        }
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  HARDENED_PREFERENCES,
  PRINT_PARTITION,
  mainWindowOptions,
  printWindowOptions,
  secureWebPreferences,
} from '../../electron/main/window-options';

const REQUIRED = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  experimentalFeatures: false,
};

describe('window options', () => {
  it('the main window is isolated, sandboxed, without Node, with our preload', () => {
    const options = mainWindowOptions('/app/dist/electron/preload.cjs', { devTools: false });
    expect(options.webPreferences).toMatchObject({ ...REQUIRED, preload: '/app/dist/electron/preload.cjs', devTools: false });
    expect(options.show).toBe(false);
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('enableRemoteModule');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
  });

  it('DevTools follow the caller (only unpackaged runs enable them)', () => {
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', { devTools: false }).devTools).toBe(false);
  });

  it('the print window is hardened too, with JavaScript off, no preload and a non-persistent session', () => {
    const prefs = printWindowOptions().webPreferences!;
    expect(prefs).toMatchObject({ ...REQUIRED, javascript: false, devTools: false, partition: PRINT_PARTITION });
    expect(prefs.preload).toBeUndefined();
    expect(PRINT_PARTITION.startsWith('persist:')).toBe(false);
    expect(printWindowOptions().show).toBe(false);
  });

  it('the shared settings are frozen, and every window gets its own copy', () => {
    expect(Object.isFrozen(HARDENED_PREFERENCES)).toBe(true);
    const a = secureWebPreferences('/a', { devTools: false });
    a.sandbox = false;
    expect(secureWebPreferences('/b', { devTools: false }).sandbox).toBe(true);
  });
});

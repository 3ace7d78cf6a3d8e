// The one place BrowserWindow preferences are written. The app runs elevated, so a script that reaches the
// renderer must find no Node, no Electron internals and no way out of Chromium's sandbox.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** Settings every window of the app must have; the static scan and the tests hold each one. */
export const HARDENED_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  // The spellchecker downloads dictionaries from Google's CDN; a diagnostic tool has no need of it.
  spellcheck: false,
  safeDialogs: true,
} as const satisfies WebPreferences);

/** DevTools only in an unpackaged (developer) run: in an installed, elevated app they are an admin console. */
export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return { ...HARDENED_PREFERENCES, preload: preloadPath, devTools: options.devTools };
}

export function mainWindowOptions(preloadPath: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 520,
    title: 'RDP Doctor',
    // Shown on ready-to-show, so the user never sees an unstyled frame.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, options),
  };
}

/**
 * The hidden window that turns report HTML into PDF. The report quotes values read from the host, so it is
 * treated as hostile: no preload, no JavaScript, its own in-memory session.
 */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 900,
    height: 1200,
    webPreferences: {
      ...HARDENED_PREFERENCES,
      javascript: false,
      images: true,
      devTools: false,
      partition: PRINT_PARTITION,
    },
  };
}

/** No `persist:` prefix: the print session keeps nothing on disk. */
export const PRINT_PARTITION = 'rdp-doctor-print';

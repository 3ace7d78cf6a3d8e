// The static scan holds the checklist in CI; these tests prove it passes on the repo and fails on regressions.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanTree, stripComments } from '../../scripts/check-electron-security.mjs';

const SCRIPT = 'scripts/check-electron-security.mjs';

/** A copy of the shell sources (and the renderer page) to break one rule at a time. */
function fixture(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rdp-scan-'));
  cpSync('electron/main', path.join(root, 'electron/main'), { recursive: true });
  cpSync('electron/preload', path.join(root, 'electron/preload'), { recursive: true });
  mkdirSync(path.join(root, 'renderer'), { recursive: true });
  cpSync('renderer/index.html', path.join(root, 'renderer/index.html'));
  mkdirSync(path.join(root, 'build'), { recursive: true });
  cpSync('build/electron-builder.json', path.join(root, 'build/electron-builder.json'));
  // The files whose use the scan judges: rollback/apply validation, plan binding, the web server, the installer.
  for (const f of ['electron/engine/fixer.ts', 'electron/app/fix-handlers.ts', 'electron/web/server.ts', 'build/installer.nsh']) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    cpSync(f, path.join(root, f));
  }
  return root;
}

function edit(root: string, file: string, change: (text: string) => string): void {
  const full = path.join(root, file);
  writeFileSync(full, change(readFileSync(full, 'utf8')));
}

function rulesOf(root: string): string[] {
  return scanTree(root).findings.map((f) => f.rule);
}

describe('check-electron-security', () => {
  it('passes on this repository (exit 0)', () => {
    const out = execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(out).toMatch(/no problems/);
  });

  it('a clean fixture has no findings', () => {
    expect(scanTree(fixture()).findings).toEqual([]);
  });

  it.each([
    ['node-integration', 'electron/main/window-options.ts', (t: string) => t.replace('nodeIntegration: false', 'nodeIntegration: true')],
    [
      'node-integration',
      'electron/main/window-options.ts',
      (t: string) => t.replace('nodeIntegrationInWorker: false', 'nodeIntegrationInWorker: true'),
    ],
    ['context-isolation', 'electron/main/window-options.ts', (t: string) => t.replace('contextIsolation: true', 'contextIsolation: false')],
    ['sandbox', 'electron/main/window-options.ts', (t: string) => t.replace('sandbox: true', 'sandbox: false')],
    ['web-security', 'electron/main/window-options.ts', (t: string) => t.replace('webSecurity: true', 'webSecurity: false')],
    [
      'insecure-content',
      'electron/main/window-options.ts',
      (t: string) => t.replace('allowRunningInsecureContent: false', 'allowRunningInsecureContent: true'),
    ],
    ['webview', 'electron/main/window-options.ts', (t: string) => t.replace('webviewTag: false', 'webviewTag: true')],
    ['remote-module', 'electron/main/app-main.ts', (t: string) => `${t}\nconst enableRemoteModule = true;\n`],
    [
      'unsafe-eval',
      'electron/main/csp.ts',
      (t: string) => t.replace(`'script-src': ["'self'"]`, `'script-src': ["'self'", "'unsafe-eval'"]`),
    ],
    [
      'unsafe-inline',
      'electron/main/csp.ts',
      (t: string) => t.replace(`'style-src': ["'self'"]`, `'style-src': ["'self'", "'unsafe-inline'"]`),
    ],
    ['window-open-handler', 'electron/main/navigation.ts', (t: string) => t.replace(/setWindowOpenHandler\(/g, 'setWindowOpenHandlerX(')],
    ['will-navigate', 'electron/main/navigation.ts', (t: string) => t.replace(/'will-navigate'/g, "'did-navigate'")],
    ['permission-request', 'electron/main/permissions.ts', (t: string) => t.replace('setPermissionRequestHandler(', 'setSomethingElse(')],
    ['open-external', 'electron/main/app-main.ts', (t: string) => `${t}\nexport const leak = (u: string) => shell.openExternal(u);\n`],
    ['web-preferences', 'electron/main/app-main.ts', (t: string) => `${t}\nexport const w = { webPreferences: { sandbox: true } };\n`],
    ['browser-window', 'electron/main/app-main.ts', (t: string) => `${t}\nexport const w = () => new BrowserWindow({ width: 1 });\n`],
    ['dangerous-switch', 'electron/main/app-main.ts', (t: string) => `${t}\napp.commandLine.appendSwitch('no-sandbox');\n`],
    ['ipc-sender', 'electron/main/ipc.ts', (t: string) => t.replace(/isTrustedSender\(/g, 'isAnySender(')],
    // Use, not presence: the call is still there, but it no longer stops the handler.
    [
      'ipc-sender',
      'electron/main/ipc.ts',
      (t: string) => t.replace("return failure({ code: 'forbidden'", "console.warn({ code: 'forbidden'"),
    ],
    [
      'ipc-sender',
      'electron/main/ipc.ts',
      (t: string) =>
        `${t}\nexport const unused = (e: SenderEvent, w: TrustedWindow) => isTrustedSender(e, w);\n`.replace(
          /if \(!isTrustedSender\(event, window\)\) \{/,
          'if (!event) {',
        ),
    ],
    [
      'rollback-validation',
      'electron/engine/fixer.ts',
      (t: string) => t.replace(/\n\s*assertSnapshotInside\(fix, entry\.snapshot[^\n]*/, ''),
    ],
    [
      'rollback-validation',
      'electron/engine/fixer.ts',
      (t: string) => t.replace(/(\n\s*assertSnapshotInside\(fix, entry\.snapshot[^\n]*)([\s\S]*?await fix\.rollback\([^\n]*)/, '$2$1'),
    ],
    ['apply-validation', 'electron/engine/fixer.ts', (t: string) => t.replace(/\n\s*assertSnapshotInside\(fix, snapshot[^\n]*/, '')],
    ['plan-binding', 'electron/app/fix-handlers.ts', (t: string) => t.replace('plans.take(args.planId', 'plans.peek(args.planId')],
    ['web-guards', 'electron/web/server.ts', (t: string) => t.replace('if (!tokensEqual(', 'if (false && !tokensEqual(')],
    ['web-guards', 'electron/web/server.ts', (t: string) => t.replace('if (!allowedOrigin(', 'if (!allowedOrigin && !allowedOrigin(')],
    ['spawn-shell', 'electron/main/exec.ts', (t: string) => t.replace('shell: false', 'shell: true')],
    [
      'spawn-bare-name',
      'electron/main/app-main.ts',
      (t: string) => `${t}\nexport const ps = () => execFileSync('powershell.exe', ['-Command', 'x']);\n`,
    ],
    ['installer-hook', 'build/installer.nsh', (t: string) => t.replace(/\n\s*Abort/, '')],
    ['installer-hook', 'build/installer.nsh', (t: string) => t.replace(/\/setowner \*S-1-5-32-544/, '/verify')],
    ['csp', 'renderer/index.html', (t: string) => t.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")],
    ['csp-meta', 'renderer/index.html', (t: string) => t.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')],
    ['inline-script', 'renderer/index.html', (t: string) => t.replace('</body>', '<script>window.x=1</script></body>')],
    [
      'context-bridge',
      'electron/preload/preload.ts',
      (t: string) => t.replace('contextBridge.exposeInMainWorld(', 'Object.assign(globalThis, '),
    ],
  ])('fails on %s (%s)', (rule, file, change) => {
    const root = fixture();
    edit(root, file, change);
    expect(rulesOf(root)).toContain(rule);
    const run = spawnSync(process.execPath, [SCRIPT, '--root', root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`[${rule}]`);
  });

  it('fails when code outside the shell imports electron, or the renderer uses an HTML sink or eval', () => {
    const root = fixture();
    mkdirSync(path.join(root, 'electron/engine'), { recursive: true });
    writeFileSync(path.join(root, 'electron/engine/x.ts'), "import { shell } from 'electron';\n");
    mkdirSync(path.join(root, 'renderer/src'), { recursive: true });
    writeFileSync(
      path.join(root, 'renderer/src/x.tsx'),
      'export const X = (p: { h: string }) => <div dangerouslySetInnerHTML={{ __html: p.h }} />;\nexport const y = eval("1");\n',
    );
    const rules = rulesOf(root);
    expect(rules).toEqual(expect.arrayContaining(['electron-import', 'html-sink', 'eval']));
  });

  it('fails when the preload bundle requires anything but electron', () => {
    const root = fixture();
    mkdirSync(path.join(root, 'dist/electron'), { recursive: true });
    writeFileSync(path.join(root, 'dist/electron/preload.cjs'), 'const e = require("electron"); const z = require("zod");\n');
    expect(rulesOf(root)).toContain('preload-require');
  });

  it('fails when asar is turned off or the fuses hook is removed', () => {
    const root = fixture();
    edit(root, 'build/electron-builder.json', (t) => JSON.stringify({ ...JSON.parse(t), asar: false, afterPack: undefined }));
    expect(rulesOf(root)).toEqual(expect.arrayContaining(['asar', 'fuses']));
  });

  it('prose in comments is not a setting, but a URL in a string is not a comment', () => {
    expect(stripComments('// contextIsolation: false is dangerous\nconst a = 1;')).not.toContain('contextIsolation');
    expect(stripComments("const u = 'https://x/';")).toContain('https://x/');
  });
});

#!/usr/bin/env node
// Static scan for the Electron security checklist: fails (exit 1) when a hardening setting regresses in the
// sources or the bundles. Electronegativity would do this, but it fetches release lists and translations
// from the network and is unmaintained, so the project keeps its own short list of rules.
// Usage: node scripts/check-electron-security.mjs [--root DIR]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Settings that must never appear, in the TypeScript sources and in the esbuild bundles. */
const FORBIDDEN = [
  { id: 'node-integration', re: /\bnodeIntegration(InWorker|InSubFrames)?\s*:\s*true\b/, message: 'nodeIntegration must stay false' },
  { id: 'context-isolation', re: /\bcontextIsolation\s*:\s*false\b/, message: 'contextIsolation must stay true' },
  { id: 'sandbox', re: /\bsandbox\s*:\s*false\b/, message: 'sandbox must stay true' },
  { id: 'web-security', re: /\bwebSecurity\s*:\s*false\b/, message: 'webSecurity must stay true' },
  { id: 'insecure-content', re: /\ballowRunningInsecureContent\s*:\s*true\b/, message: 'allowRunningInsecureContent must stay false' },
  { id: 'webview', re: /\bwebviewTag\s*:\s*true\b/, message: '<webview> must stay disabled' },
  {
    id: 'experimental',
    re: /\b(experimentalFeatures\s*:\s*true|enableBlinkFeatures\s*:)/,
    message: 'experimental Blink features must stay off',
  },
  { id: 'remote-module', re: /\benableRemoteModule\b|@electron\/remote/, message: 'the remote module must not be used' },
  { id: 'unsafe-eval', re: /'unsafe-eval'|'wasm-unsafe-eval'/, message: "no 'unsafe-eval' in any policy" },
  {
    id: 'unsafe-inline-script',
    re: /script-src[^;\n"`]*'unsafe-(inline|hashes)'/,
    message: "no 'unsafe-inline' for scripts in any policy",
  },
  {
    id: 'dangerous-switch',
    re: /appendSwitch\(\s*['"`](no-sandbox|disable-web-security|ignore-certificate-errors|remote-debugging-port|allow-file-access-from-files|disable-site-isolation-trials)/,
    message: 'a Chromium switch that weakens the sandbox or TLS',
  },
  { id: 'insecure-load', re: /\bloadURL\(\s*['"`]http:/, message: 'the app must not load plain http' },
  {
    id: 'cert-bypass',
    re: /on\(\s*['"]certificate-error['"][\s\S]{0,200}?callback\(\s*true\s*\)/,
    message: 'certificate errors must not be accepted',
  },
];

/** Markers that must exist somewhere in electron/main (the guards) and in electron/preload. */
const REQUIRED_MAIN = [
  {
    id: 'window-open-handler',
    re: /\bsetWindowOpenHandler\(/,
    message: 'setWindowOpenHandler is missing: window.open would create windows',
  },
  { id: 'will-navigate', re: /['"]will-navigate['"]/, message: "no 'will-navigate' guard: the window could be navigated away" },
  { id: 'will-redirect', re: /['"]will-redirect['"]/, message: "no 'will-redirect' guard" },
  {
    id: 'permission-request',
    re: /\bsetPermissionRequestHandler\(/,
    message: 'setPermissionRequestHandler is missing: permissions default to granted',
  },
  { id: 'permission-check', re: /\bsetPermissionCheckHandler\(/, message: 'setPermissionCheckHandler is missing' },
  { id: 'csp-header', re: /\bonHeadersReceived\(/, message: 'the CSP response header is not installed' },
  { id: 'sandbox-all', re: /\benableSandbox\(\)/, message: 'app.enableSandbox() is missing' },
];
const REQUIRED_PRELOAD = [
  { id: 'context-bridge', re: /contextBridge\.exposeInMainWorld\(/, message: 'the preload must expose the API through contextBridge' },
];

/** Renderer code: no HTML sinks or code from strings; no Node or Electron. */
const RENDERER_FORBIDDEN = [
  {
    id: 'html-sink',
    re: /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/,
    message: 'an HTML sink: host values could become markup',
  },
  { id: 'eval', re: /(^|[^.\w])eval\(|new Function\(|setTimeout\(\s*['"`]|setInterval\(\s*['"`]/, message: 'code built from a string' },
  {
    id: 'renderer-electron',
    re: /from\s+['"](electron|node:[\w/]+|fs|child_process)['"]|require\(/,
    message: 'the renderer must not import Node or Electron',
  },
];

const WEB_PREFS_HOME = 'electron/main/window-options.ts';
const OPEN_EXTERNAL_HOME = 'electron/main/external-urls.ts';

/**
 * Rules about use, not presence: each names a file, a function in it, and calls that must come in order
 * inside that function's body (the guard before the action it guards). A file that does not exist in the
 * scanned tree is not judged (fixtures copy only what they test).
 */
const ORDERED_USES = [
  {
    id: 'ipc-sender',
    file: 'electron/main/ipc.ts',
    fn: 'createIpcHandlers',
    order: [/if\s*\(\s*!isTrustedSender\(event,\s*window\)\s*\)\s*\{\s*return\b/, /validateArgs\(/, /\.invoke\(/],
    message:
      'each IPC handler must refuse an untrusted sender (if (!isTrustedSender(...)) return) and validate the arguments before invoking the service',
  },
  {
    id: 'rollback-validation',
    file: 'electron/engine/fixer.ts',
    fn: 'rollbackEntry',
    order: [/assertSameHost\(/, /assertSnapshotInside\(fix,\s*entry\.snapshot/, /fix\.rollback\(/],
    message: "rollback must check the host and validate the whole snapshot against the fix's declaration before it writes anything",
  },
  {
    id: 'apply-validation',
    file: 'electron/engine/fixer.ts',
    fn: 'applyFix',
    order: [/needsConfirmation\(fix\)/, /assertSnapshotInside\(fix,\s*snapshot/, /journal\.create\(/, /fix\.apply\(/],
    message: 'apply must confirm, validate the snapshot, and journal it before it changes anything',
  },
  {
    id: 'plan-binding',
    file: 'electron/app/fix-handlers.ts',
    fn: 'createFixHandlers',
    order: [/plans\.take\(args\.planId/, /await confirm(?:Apply)?\(/, /applyFix\(/],
    message: 'fix:apply must take its single-use plan and confirm before applying',
  },
  {
    id: 'web-guards',
    file: 'electron/web/server.ts',
    fn: 'route',
    order: [/if\s*\(!allowedHost\(/, /if\s*\(!allowedOrigin\(/, /if\s*\(!tokensEqual\(/, /handleInvoke\(/],
    message: 'every browser-mode request must pass the Host, Origin and token checks before a channel runs',
  },
];

/** Processes are started without a shell, and Windows programs by absolute path. */
const SPAWN_RULES = [
  { id: 'spawn-shell', re: /\bshell\s*:\s*true\b/, message: 'a child process with shell: true: arguments would be parsed as command text' },
  { id: 'spawn-shell', re: /\b(?:exec|execSync)\(\s*[`'"]/, message: 'child_process exec with a command string runs a shell' },
  {
    id: 'spawn-bare-name',
    re: /\b(?:spawn|spawnSync|execFile|execFileSync)\(\s*[`'"](?:powershell|pwsh|cmd|icacls|reg|schtasks|msedge|netsh)(?:\.exe)?[`'"]/i,
    message:
      'a Windows program by bare name: an elevated process must start it by absolute path (PATH and the current folder are searched)',
  },
  {
    id: 'spawn-bare-name',
    re: /\bexecutable\s*:\s*['"`](?:powershell|pwsh)['"`]/,
    message: 'node-powershell with a bare executable name (and NODE_POWERSHELL honoured)',
  },
];

/** The body of `function name(` (or `const name = ... =>`) in `text`, to its closing brace; null when absent. */
function functionBody(text, name) {
  const m = new RegExp(`(?:function\\s+${name}\\s*[<(]|(?:const|let)\\s+${name}\\s*=)`).exec(text);
  if (!m) return null;
  // Past the parameter list (balanced parentheses), then past a return type (angle brackets) to the body's brace.
  let i = text.indexOf('(', m.index);
  for (let parens = 0; i < text.length; i += 1) {
    if (text[i] === '(') parens += 1;
    else if (text[i] === ')' && --parens === 0) break;
  }
  let angles = 0;
  for (i += 1; i < text.length; i += 1) {
    if (text[i] === '<') angles += 1;
    else if (text[i] === '>' && text[i - 1] !== '=') angles -= 1;
    else if (text[i] === '{' && angles === 0) break;
  }
  const open = i;
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return { body: text.slice(open, i + 1), offset: open };
  }
  return null;
}

function checkOrderedUses(root, read, findings) {
  for (const rule of ORDERED_USES) {
    const full = path.join(root, rule.file);
    if (!existsSync(full)) continue;
    const text = read(full);
    const fn = functionBody(text, rule.fn);
    if (!fn) {
      findings.push({ file: rule.file, line: 0, rule: rule.id, message: `${rule.fn} not found: ${rule.message}` });
      continue;
    }
    let from = 0;
    for (const re of rule.order) {
      const at = fn.body.slice(from).search(re);
      if (at < 0) {
        findings.push({
          file: rule.file,
          line: lineOf(text, fn.offset),
          rule: rule.id,
          message: `${rule.fn}: ${re.source} missing or out of order: ${rule.message}`,
        });
        break;
      }
      from += at + 1;
    }
  }
}

/** The installer hook gives a custom install folder Program Files' owner and DACL, or aborts the install. */
function checkInstallerHook(root, findings) {
  const full = path.join(root, 'build', 'installer.nsh');
  if (!existsSync(full)) return;
  const text = readFileSync(full, 'utf8').replace(/^\s*;.*$/gm, '');
  const body = /!macro\s+customInstall([\s\S]*?)!macroend/.exec(text)?.[1] ?? '';
  const need = [
    [/\$SYSDIR\\icacls\.exe[^\n]*\/inheritance:r/, 'icacls by absolute path removing inherited ACEs'],
    [/\/setowner\s+\*S-1-5-32-544|\/setowner\s+"?\*S-1-5-80-956008885/, 'the owner reset to Administrators or TrustedInstaller'],
    [/\bAbort\b/, 'the install aborted when the folder cannot be secured'],
  ];
  for (const [re, what] of need) {
    if (!re.test(body))
      findings.push({ file: 'build/installer.nsh', line: 0, rule: 'installer-hook', message: `customInstall lacks ${what}` });
  }
}

/** Removes comments (so prose about a setting is not the setting) but keeps line numbers. */
export function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' ')).replace(/(^|[\s;{}(),])\/\/[^\n]*/g, '$1');
}

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

function matchAll(rules, rel, text, findings) {
  for (const rule of rules) {
    const re = new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : `${rule.re.flags}g`);
    for (const m of text.matchAll(re)) findings.push({ file: rel, line: lineOf(text, m.index ?? 0), rule: rule.id, message: rule.message });
  }
}

/** Problems with a CSP for the renderer: what an injected script or plugin could use. */
export function cspProblems(policy) {
  const directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), values);
  }
  const problems = [];
  const effective = (...names) => {
    for (const name of names) if (directives.has(name)) return directives.get(name);
    return null;
  };
  const script = effective('script-src-elem', 'script-src', 'default-src');
  const scriptMain = effective('script-src', 'default-src');
  if (!scriptMain) problems.push('script-src: missing (and no default-src): any script may run');
  for (const [label, values] of [
    ['script-src', scriptMain],
    ['script-src-elem', script],
  ]) {
    if (!values) continue;
    for (const v of values) {
      const lower = v.toLowerCase();
      if (["'self'", "'none'", "'strict-dynamic'"].includes(lower) || /^'(sha(256|384|512)|nonce)-/.test(lower)) continue;
      problems.push(`${label}: ${v} is not allowed (only 'self', hashes or nonces)`);
    }
  }
  const objectSrc = effective('object-src', 'default-src');
  if (!objectSrc || objectSrc.join(' ') !== "'none'") problems.push("object-src: must be 'none'");
  const baseUri = directives.get('base-uri');
  if (!baseUri || !["'none'", "'self'"].includes(baseUri.join(' '))) problems.push("base-uri: must be 'none' or 'self'");
  const formAction = directives.get('form-action');
  if (!formAction || formAction.join(' ') !== "'none'") problems.push("form-action: must be 'none'");
  const frames = effective('frame-src', 'child-src', 'default-src');
  if (!frames || !frames.every((v) => ["'none'", "'self'"].includes(v))) problems.push("frame-src: must be 'none' or 'self'");
  for (const [name, values] of directives) {
    for (const v of values) {
      if (v === '*' || /^(https?:|ws:|wss:)$/i.test(v)) problems.push(`${name}: ${v} admits any origin`);
      if (/^'unsafe-(eval|inline|hashes)'$/i.test(v) && name.startsWith('script')) problems.push(`${name}: ${v}`);
      if (/^'(wasm-)?unsafe-eval'$/i.test(v)) problems.push(`${name}: ${v}`);
    }
  }
  return [...new Set(problems)];
}

/** The CSP of an HTML file's <meta http-equiv>, or null. */
export function metaCsp(html) {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy/i.test(tag)) continue;
    const content = /content\s*=\s*"([^"]*)"|content\s*=\s*'([^']*)'/i.exec(tag);
    if (content) return (content[1] ?? content[2] ?? '').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"');
  }
  return null;
}

function walk(dir, exts, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, exts, out);
    else if (exts.some((e) => name.endsWith(e))) out.push(full);
  }
  return out;
}

/** Scans a repository (or a fixture laid out like one) and returns every finding. */
export function scanTree(root) {
  const findings = [];
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  const read = (f) => stripComments(readFileSync(f, 'utf8'));
  let files = 0;

  const electronSources = walk(path.join(root, 'electron'), ['.ts', '.mts', '.cts', '.js', '.cjs', '.mjs']);
  const mainText = [];
  const preloadText = [];
  for (const file of electronSources) {
    files += 1;
    const r = rel(file);
    const text = read(file);
    const inShell = r.startsWith('electron/main/') || r.startsWith('electron/preload/');
    matchAll(FORBIDDEN, r, text, findings);
    matchAll(SPAWN_RULES, r, text, findings);
    if (inShell)
      matchAll(
        [{ id: 'unsafe-inline', re: /'unsafe-inline'/, message: "the app's own policies never admit 'unsafe-inline'" }],
        r,
        text,
        findings,
      );
    if (!inShell && /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/.test(text)) {
      findings.push({ file: r, line: 1, rule: 'electron-import', message: 'only electron/main and electron/preload may import electron' });
    }
    if (r !== OPEN_EXTERNAL_HOME) {
      matchAll(
        [
          {
            id: 'open-external',
            re: /\.openExternal\s*\(/,
            message: `shell.openExternal outside ${OPEN_EXTERNAL_HOME}: use openExternalSafely (the allowlist)`,
          },
        ],
        r,
        text,
        findings,
      );
    }
    if (r !== WEB_PREFS_HOME) {
      matchAll(
        [{ id: 'web-preferences', re: /\bwebPreferences\s*:\s*\{/, message: `webPreferences written outside ${WEB_PREFS_HOME}` }],
        r,
        text,
        findings,
      );
    }
    for (const m of text.matchAll(/new\s+(?:electron\.)?BrowserWindow\(([^)]*)\)/g)) {
      if (!/^\s*(mainWindowOptions|printWindowOptions)\(/.test(m[1] ?? '')) {
        findings.push({
          file: r,
          line: lineOf(text, m.index ?? 0),
          rule: 'browser-window',
          message: 'BrowserWindow created without the hardened options of window-options.ts',
        });
      }
    }
    if (r.startsWith('electron/main/')) mainText.push(text);
    if (r.startsWith('electron/preload/')) preloadText.push(text);
  }
  if (mainText.length > 0) {
    const all = mainText.join('\n');
    for (const rule of REQUIRED_MAIN)
      if (!rule.re.test(all)) findings.push({ file: 'electron/main', line: 0, rule: rule.id, message: rule.message });
  } else {
    findings.push({ file: 'electron/main', line: 0, rule: 'missing-main', message: 'no main-process sources to check' });
  }
  if (preloadText.length > 0) {
    const all = preloadText.join('\n');
    for (const rule of REQUIRED_PRELOAD)
      if (!rule.re.test(all)) findings.push({ file: 'electron/preload', line: 0, rule: rule.id, message: rule.message });
  }

  // The bundles are what actually ships; a setting flipped by a dependency or a define shows up only here.
  for (const bundle of ['dist/electron/main.cjs', 'dist/electron/preload.cjs']) {
    const full = path.join(root, bundle);
    if (!existsSync(full)) continue;
    files += 1;
    matchAll(
      FORBIDDEN.filter((r) => !['unsafe-inline-script', 'unsafe-eval'].includes(r.id)),
      bundle,
      readFileSync(full, 'utf8'),
      findings,
    );
  }
  const preloadBundle = path.join(root, 'dist/electron/preload.cjs');
  if (existsSync(preloadBundle)) {
    const text = readFileSync(preloadBundle, 'utf8');
    for (const m of text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
      if (m[1] !== 'electron') {
        findings.push({
          file: 'dist/electron/preload.cjs',
          line: lineOf(text, m.index ?? 0),
          rule: 'preload-require',
          message: `the sandboxed preload requires "${m[1]}"; only electron is available there`,
        });
      }
    }
  }

  for (const html of ['renderer/index.html', 'dist/renderer/index.html']) {
    const full = path.join(root, html);
    if (!existsSync(full)) continue;
    files += 1;
    const text = readFileSync(full, 'utf8');
    const policy = metaCsp(text);
    if (policy === null)
      findings.push({ file: html, line: 0, rule: 'csp-meta', message: 'no Content-Security-Policy <meta>: file:// pages get no header' });
    else for (const problem of cspProblems(policy)) findings.push({ file: html, line: 0, rule: 'csp', message: problem });
    for (const m of text.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/gi)) {
      findings.push({
        file: html,
        line: lineOf(text, m.index ?? 0),
        rule: 'inline-script',
        message: 'inline <script>: the CSP would block it, and it must not be needed',
      });
    }
  }
  for (const file of walk(path.join(root, 'renderer', 'src'), ['.ts', '.tsx'])) {
    if (/\.test\.tsx?$/.test(file)) continue;
    files += 1;
    matchAll(RENDERER_FORBIDDEN, rel(file), read(file), findings);
  }

  checkOrderedUses(root, read, findings);
  checkInstallerHook(root, findings);

  const builder = path.join(root, 'build', 'electron-builder.json');
  if (existsSync(builder)) {
    files += 1;
    const config = JSON.parse(readFileSync(builder, 'utf8'));
    if (config.asar === false)
      findings.push({ file: 'build/electron-builder.json', line: 0, rule: 'asar', message: 'asar must stay on (OnlyLoadAppFromAsar)' });
    if (!config.afterPack)
      findings.push({
        file: 'build/electron-builder.json',
        line: 0,
        rule: 'fuses',
        message: 'no afterPack hook: the fuses would not be flipped',
      });
  }
  return { findings, files };
}

function main(argv) {
  const i = argv.indexOf('--root');
  const root = path.resolve(i >= 0 && argv[i + 1] ? argv[i + 1] : path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const { findings, files } = scanTree(root);
  for (const f of findings) process.stderr.write(`${f.file}${f.line ? `:${f.line}` : ''}: [${f.rule}] ${f.message}\n`);
  if (findings.length > 0) {
    process.stderr.write(`check-electron-security: ${findings.length} problem(s) in ${files} file(s)\n`);
    return 1;
  }
  process.stdout.write(`check-electron-security: ${files} file(s) checked, no problems\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}

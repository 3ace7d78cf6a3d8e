// Authenticode-signs every .ps1 of a packaged app with the organisation's code-signing certificate, so hosts
// whose execution policy is AllSigned (often set by Group Policy, which outranks -ExecutionPolicy Bypass) run
// them, and so AppLocker/WDAC publisher rules can trust them. Uses osslsigncode (Windows' SIP for scripts:
// the signature goes into a "# SIG # Begin signature block" comment). The certificate is configured, never
// committed:
//   RDP_DOCTOR_SIGN_PFX=path.pfx            PKCS#12 with certificate and key, or
//   RDP_DOCTOR_SIGN_CERT=cert.pem RDP_DOCTOR_SIGN_KEY=key.pem
//   RDP_DOCTOR_SIGN_PASSWORD_FILE=path      the key's password, read from a file (never on the command line)
//   RDP_DOCTOR_SIGN_TIMESTAMP=https://...   RFC 3161 time-stamp server (a signature then outlives the certificate)
//   RDP_DOCTOR_SIGN_REQUIRED=1              fail the build when no certificate is configured
//   RDP_DOCTOR_OSSLSIGNCODE=path            osslsigncode to use (default: on PATH)
// CLI: node build/sign-ps1.cjs sign <dir> | verify <dir> <ca.pem>
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, renameSync, rmSync } = require('node:fs');
const path = require('node:path');

class SigningError extends Error {}

/** The signing configuration from the environment; null when none is configured. */
function configFromEnv(env = process.env) {
  const pfx = env.RDP_DOCTOR_SIGN_PFX;
  const cert = env.RDP_DOCTOR_SIGN_CERT;
  const key = env.RDP_DOCTOR_SIGN_KEY;
  if (!pfx && !cert && !key) {
    if (env.RDP_DOCTOR_SIGN_REQUIRED === '1')
      throw new SigningError(
        'RDP_DOCTOR_SIGN_REQUIRED=1 but no certificate: set RDP_DOCTOR_SIGN_PFX, or RDP_DOCTOR_SIGN_CERT and RDP_DOCTOR_SIGN_KEY',
      );
    return null;
  }
  if (!pfx && (!cert || !key)) throw new SigningError('RDP_DOCTOR_SIGN_CERT and RDP_DOCTOR_SIGN_KEY must be set together (PEM files)');
  for (const [name, file] of [
    ['RDP_DOCTOR_SIGN_PFX', pfx],
    ['RDP_DOCTOR_SIGN_CERT', cert],
    ['RDP_DOCTOR_SIGN_KEY', key],
    ['RDP_DOCTOR_SIGN_PASSWORD_FILE', env.RDP_DOCTOR_SIGN_PASSWORD_FILE],
  ]) {
    if (file && !existsSync(file)) throw new SigningError(`${name}: no such file: ${file}`);
  }
  return {
    pfx: pfx || null,
    cert: cert || null,
    key: key || null,
    passwordFile: env.RDP_DOCTOR_SIGN_PASSWORD_FILE || null,
    timestampUrl: env.RDP_DOCTOR_SIGN_TIMESTAMP || null,
    tool: env.RDP_DOCTOR_OSSLSIGNCODE || 'osslsigncode',
  };
}

function listPs1(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listPs1(full));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.ps1')) out.push(full);
  }
  return out.sort();
}

function run(tool, args) {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new SigningError(
      `${tool} ${args[0]} failed: ${String(err.stderr || err.stdout || err.message)
        .trim()
        .split('\n')
        .slice(-3)
        .join(' ')}`,
    );
  }
}

/** Signs every .ps1 under dir in place (SHA-256); returns the files signed. */
function signScripts(dir, config) {
  const files = listPs1(dir);
  if (files.length === 0) throw new SigningError(`no .ps1 under ${dir}`);
  const identity = config.pfx ? ['-pkcs12', config.pfx] : ['-certs', config.cert, '-key', config.key];
  const pass = config.passwordFile ? ['-readpass', config.passwordFile] : [];
  const ts = config.timestampUrl ? ['-ts', config.timestampUrl] : [];
  for (const file of files) {
    const out = `${file}.signing`;
    rmSync(out, { force: true });
    run(config.tool, ['sign', ...identity, ...pass, '-h', 'sha256', ...ts, '-in', file, '-out', out]);
    renameSync(out, file);
  }
  return files;
}

/** Verifies every .ps1 under dir against a CA bundle; returns { file, ok, message } per file. */
function verifyScripts(dir, caFile, tool = process.env.RDP_DOCTOR_OSSLSIGNCODE || 'osslsigncode') {
  return listPs1(dir).map((file) => {
    try {
      run(tool, ['verify', '-CAfile', caFile, '-in', file]);
      return { file, ok: true, message: 'signature verified' };
    } catch (err) {
      return { file, ok: false, message: err.message };
    }
  });
}

module.exports = { configFromEnv, signScripts, verifyScripts, listPs1, SigningError };

if (require.main === module) {
  const [command, dir, ca] = process.argv.slice(2);
  try {
    if (command === 'sign' && dir) {
      const config = configFromEnv();
      if (!config)
        throw new SigningError('no certificate configured (RDP_DOCTOR_SIGN_PFX, or RDP_DOCTOR_SIGN_CERT and RDP_DOCTOR_SIGN_KEY)');
      console.log(`signed ${signScripts(dir, config).length} scripts under ${dir}`);
    } else if (command === 'verify' && dir && ca) {
      const results = verifyScripts(dir, ca);
      for (const r of results.filter((x) => !x.ok)) console.error(`${r.file}: ${r.message}`);
      console.log(`${results.filter((r) => r.ok).length}/${results.length} scripts verified`);
      process.exit(results.every((r) => r.ok) ? 0 : 1);
    } else {
      console.error('usage: node build/sign-ps1.cjs sign <dir> | verify <dir> <ca.pem>');
      process.exit(2);
    }
  } catch (err) {
    console.error(err.message);
    process.exit(err instanceof SigningError ? 2 : 3);
  }
}

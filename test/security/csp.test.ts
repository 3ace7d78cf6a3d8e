import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, cspHeaderValue, cspMetaContent, parseCsp, withCspHeader } from '../../electron/main/csp';
import { cspProblems, metaCsp } from '../../scripts/check-electron-security.mjs';
import { CSP as WEB_CSP } from '../../electron/web/server';

describe('Content-Security-Policy', () => {
  it('scripts come only from the app itself: no inline, no eval', () => {
    const policy = parseCsp(cspHeaderValue());
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('script-src-attr')).toEqual(["'none'"]);
    expect(cspHeaderValue()).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|\*/);
  });

  it('closes plugins, frames, workers, base and form targets', () => {
    const policy = parseCsp(cspHeaderValue());
    for (const name of [
      'default-src',
      'object-src',
      'frame-src',
      'child-src',
      'worker-src',
      'base-uri',
      'form-action',
      'frame-ancestors',
    ]) {
      expect(policy.get(name), name).toEqual(["'none'"]);
    }
    expect(policy.get('connect-src')).toEqual(["'self'"]);
  });

  it('passes the static scan rules, as header and as meta', () => {
    expect(cspProblems(cspHeaderValue())).toEqual([]);
    expect(cspProblems(cspMetaContent())).toEqual([]);
    expect(cspMetaContent()).not.toContain('frame-ancestors');
  });

  it('the rules catch weak policies', () => {
    expect(
      cspProblems("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; form-action 'none'"),
    ).toContain("script-src: 'unsafe-inline' is not allowed (only 'self', hashes or nonces)");
    expect(cspProblems("script-src 'self' 'unsafe-eval'").join('\n')).toMatch(/unsafe-eval/);
    expect(cspProblems('script-src https:').join('\n')).toMatch(/https: admits any origin/);
    expect(cspProblems("script-src 'self'").join('\n')).toMatch(/object-src/);
    expect(cspProblems('')).toContain('script-src: missing (and no default-src): any script may run');
  });

  it('replaces any CSP a response carries, keeping the other headers', () => {
    const out = withCspHeader({ 'content-security-policy': ['script-src *'], 'Content-Type': ['text/html'] });
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [cspHeaderValue()] });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [cspHeaderValue()] });
  });

  it('the first occurrence of a directive wins when parsing', () => {
    expect(parseCsp("script-src 'self'; script-src *").get('script-src')).toEqual(["'self'"]);
  });

  // file:// pages get no response headers: the <meta> in index.html is what protects the packaged app.
  for (const file of ['renderer/index.html', 'dist/renderer/index.html']) {
    it.runIf(existsSync(file))(`${file} carries a CSP <meta> that passes the rules`, () => {
      const policy = metaCsp(readFileSync(file, 'utf8'));
      expect(policy, 'Content-Security-Policy meta').not.toBeNull();
      expect(cspProblems(policy!)).toEqual([]);
    });
  }

  it('the browser-mode bridge serves a policy that passes the same rules', () => {
    expect(cspProblems(WEB_CSP)).toEqual([]);
  });

  // Audit F16: the meta (all the packaged app has on file://) and the web header are CSP_DIRECTIVES, not weaker copies.
  it('renderer/index.html carries exactly cspMetaContent(), and browser mode serves exactly cspHeaderValue()', () => {
    expect(metaCsp(readFileSync('renderer/index.html', 'utf8'))).toBe(cspMetaContent());
    expect(WEB_CSP).toBe(cspHeaderValue());
  });

  it('every directive has at least one source', () => {
    for (const [name, values] of Object.entries(CSP_DIRECTIVES)) expect(values.length, name).toBeGreaterThan(0);
  });
});

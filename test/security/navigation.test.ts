import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardNavigation, isSameDocument, navigationDecision, windowOpenDecision } from '../../electron/main/navigation';
import type { WebContents } from 'electron';
import { INDEX_URL } from './fakes';

describe('navigation decisions', () => {
  it('allows only our own index.html (any hash or query)', () => {
    expect(navigationDecision(INDEX_URL, INDEX_URL)).toEqual({ action: 'allow' });
    expect(navigationDecision(`${INDEX_URL}#/history`, INDEX_URL)).toEqual({ action: 'allow' });
    expect(isSameDocument(`${INDEX_URL}?x=1`, INDEX_URL)).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://localhost:5173/',
    'file:///C:/Windows/System32/',
    'file:///C:/Program%20Files/RDP%20Doctor/resources/app.asar/dist/renderer/other.html',
    'file://attacker/share/dist/renderer/index.html',
    'javascript:alert(1)',
    'data:text/html,hi',
    'ms-msdt:/id PCWDiagnostic',
    'search-ms:query=x',
    '',
  ])('denies %s', (url) => {
    expect(navigationDecision(url, INDEX_URL).action).toBe('deny');
  });

  it('denies everything when the webContents has no allowed document', () => {
    expect(navigationDecision(INDEX_URL, null).action).toBe('deny');
  });

  it('a denied link to allowlisted documentation goes to the browser; other links go nowhere', () => {
    expect(navigationDecision('https://learn.microsoft.com/troubleshoot/x', INDEX_URL)).toEqual({
      action: 'deny',
      openExternal: 'https://learn.microsoft.com/troubleshoot/x',
    });
    expect(navigationDecision('https://evil.example/', INDEX_URL)).toEqual({ action: 'deny', openExternal: null });
    expect(windowOpenDecision('https://support.microsoft.com/kb/278381')).toEqual({
      action: 'deny',
      openExternal: 'https://support.microsoft.com/kb/278381',
    });
    expect(windowOpenDecision('file:///C:/Windows/system32/calc.exe')).toEqual({ action: 'deny', openExternal: null });
  });
});

class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

function fire(contents: FakeContents, name: string, details: Record<string, unknown>): boolean {
  let prevented = false;
  const event = { ...details, preventDefault: () => void (prevented = true) };
  contents.emit(name, event, details.url);
  return prevented;
}

describe('guardNavigation on a webContents', () => {
  function guarded(allowed: string | null = INDEX_URL) {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardNavigation(contents as unknown as WebContents, { allowedUrl: () => allowed, openLink: (url) => void opened.push(url) });
    return { contents, opened };
  }

  it('prevents navigating away and redirects; lets our page reload', () => {
    const { contents, opened } = guarded();
    expect(fire(contents, 'will-navigate', { url: 'https://evil.example/' })).toBe(true);
    expect(fire(contents, 'will-redirect', { url: 'https://learn.microsoft.com/' })).toBe(true);
    expect(fire(contents, 'will-navigate', { url: INDEX_URL })).toBe(false);
    expect(opened).toEqual([]);
  });

  it('prevents sub-frame navigation and <webview>', () => {
    const { contents } = guarded();
    expect(fire(contents, 'will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(fire(contents, 'will-attach-webview', {})).toBe(true);
  });

  it('opens allowlisted documentation in the browser exactly once per click', () => {
    const { contents, opened } = guarded();
    const url = 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/x';
    expect(fire(contents, 'will-navigate', { url })).toBe(true);
    fire(contents, 'will-frame-navigate', { url, isMainFrame: true });
    expect(opened).toEqual([url]);
  });

  it('window.open never creates a window', () => {
    const { contents, opened } = guarded();
    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: INDEX_URL })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://support.microsoft.com/help/4295591' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://support.microsoft.com/help/4295591']);
  });

  it('a webContents nobody registered may not navigate anywhere', () => {
    const { contents } = guarded(null);
    expect(fire(contents, 'will-navigate', { url: INDEX_URL })).toBe(true);
  });
});

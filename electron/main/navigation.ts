// The window shows one document, our index.html. Every navigation elsewhere, every redirect, every new
// window and every <webview> is refused; links to allowlisted documentation open in the user's browser.
import type { WebContents } from 'electron';
import { allowedExternalUrl } from './external-urls';

/** True when `target` is the same file as `allowed` (fragment and query ignored: the UI may route by hash). */
export function isSameDocument(target: string, allowed: string | null): boolean {
  if (allowed === null) return false;
  let a: URL;
  let b: URL;
  try {
    a = new URL(target);
    b = new URL(allowed);
  } catch {
    return false;
  }
  return a.protocol === 'file:' && b.protocol === 'file:' && a.host === b.host && a.pathname === b.pathname;
}

export type NavigationDecision = { action: 'allow' } | { action: 'deny'; openExternal: string | null };

export function navigationDecision(target: string, allowed: string | null): NavigationDecision {
  if (isSameDocument(target, allowed)) return { action: 'allow' };
  return { action: 'deny', openExternal: allowedExternalUrl(target) };
}

/** window.open and target=_blank never create a window; an allowlisted link goes to the browser instead. */
export function windowOpenDecision(target: string): { action: 'deny'; openExternal: string | null } {
  return { action: 'deny', openExternal: allowedExternalUrl(target) };
}

export interface NavigationGuardOptions {
  /** The one URL this webContents may show, looked up at decision time; null denies everything. */
  allowedUrl(): string | null;
  /** Hands an allowlisted documentation link to the user's browser. */
  openLink(url: string): void;
}

/** Installs the guards on a webContents. Called for every webContents the app creates. */
export function guardNavigation(contents: WebContents, options: NavigationGuardOptions): void {
  const onNavigate = (event: { preventDefault(): void }, url: string): void => {
    const decision = navigationDecision(url, options.allowedUrl());
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.openExternal) options.openLink(decision.openExternal);
  };
  contents.on('will-navigate', (event) => onNavigate(event, event.url));
  // Sub-frames (none are expected; the CSP forbids them) may only show our document and never open links.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isSameDocument(event.url, options.allowedUrl())) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    // A redirect is never user intent: refuse it without opening anything.
    if (!isSameDocument(event.url, options.allowedUrl())) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    const decision = windowOpenDecision(details.url);
    if (decision.openExternal) options.openLink(decision.openExternal);
    return { action: 'deny' };
  });
}

// Values from a host or a peer (verdicts, certificate subjects, registry data, error messages) reach the
// technician's terminal. Control characters in them could move the cursor, rewrite earlier lines, set the
// window title or hide text, so every text the CLI prints is made inert: C0/C1 controls (except newline and
// tab), DEL and bidirectional overrides are shown as \u escapes. JSON output is left to JSON.stringify.
// eslint-disable-next-line no-control-regex -- terminal-safe output: these control characters are what it escapes
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CLI's own progress lines (carriage return, erase line) are the one control it writes on purpose. */
// eslint-disable-next-line no-control-regex -- ESC [K (erase line) is the one control sequence the CLI writes on purpose
const OWN_PROGRESS = /^\r(?:\d+\/\d+ checks|fleet: \d+\/\d+ hosts, \d+ not ok\n?|\u001b\[K)$/;

export function terminalSafeStderr(text: string): string {
  return OWN_PROGRESS.test(text) ? text : terminalSafe(text);
}

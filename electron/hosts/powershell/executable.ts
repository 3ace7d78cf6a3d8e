// Which powershell.exe an elevated RDP Doctor starts: Windows PowerShell 5.1 by absolute path under
// %SystemRoot%, never found through the current directory or PATH, and never from node-powershell's
// NODE_POWERSHELL variable (anyone who can set an environment variable would choose the elevated program).
// A 32-bit process asks for Sysnative: System32 would be redirected to the 32-bit SysWOW64 copy.

/** %SystemRoot% when it is a plain drive path, else C:\Windows. */
export function systemRoot(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT ?? '';
  return /^[A-Za-z]:\\[A-Za-z0-9 _.\\-]*$/.test(root) && !root.includes('..') ? root.replace(/\\+$/, '') : 'C:\\Windows';
}

export function powershellExecutable(env: NodeJS.ProcessEnv = process.env, arch: string = process.arch): string {
  // PROCESSOR_ARCHITEW6432 is set only for a 32-bit process on 64-bit Windows (WOW64).
  const wow64 = arch === 'ia32' && Boolean(env.PROCESSOR_ARCHITEW6432);
  return `${systemRoot(env)}\\${wow64 ? 'Sysnative' : 'System32'}\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

// Runs the CLI in-process for the capture tests.
import { runCli } from '../../electron/cli/main';

export async function runCliCapture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    env: {},
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

// rdp-doctor fix CHECK_ID [--fix FIX_ID] [--session ID] [--account DOMAIN\\NAME] [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--yes] [--revert-after DURATION|never] [--json] [--remote ...|--azure-vm ...]
import { parseTarget } from '../../../shared/target';
import { allChecks, findCheck } from '../../engine/checks';
import { needsConfirmation, type AnyCheck } from '../../engine/types';
import { createContext } from '../../engine/context';
import { evaluate } from '../../engine/evaluate';
import { applyFix, FixError } from '../../engine/fixer';
import { intOption, parse } from '../args';
import { formatEntry, STATUS_LABEL } from '../format';
import { openCliHostForChange } from '../host-options';
import { parseRevertAfter } from '../duration';
import { CliInputError, EXIT, type Command } from '../io';
import { hostRefOf } from '../../engine/fixer';
import { REACH_OPTIONS } from '../../reach/open-remote';
import { applyFixOverLink } from '../../reach/remote-fix';
import { openRemoteForCliChange, REACH_USAGE } from '../reach-cli';
import { announceWarnings, restartNotice } from '../fix-notices';

const USAGE = `rdp-doctor fix CHECK_ID [--fix FIX_ID] [--session ID] [--account DOMAIN\\NAME] [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--yes] [--revert-after DURATION|never] [--json] ${REACH_USAGE}`;

/**
 * --revert-after sets the host's time box on a security downgrade; on any other fix there is nothing to revert on
 * its own, and a technician who asked for "undo in 5 minutes" must not silently get a permanent change.
 */
function refuseRevertAfterOn(check: AnyCheck, fixId: string | undefined, given: string | undefined): void {
  const fixes = fixId === undefined ? check.fixes : check.fixes.filter((f) => f.id === fixId);
  if (given === undefined || fixes.length === 0 || fixes.some((f) => f.lowersSecurity && f.reversible)) return;
  const named = fixId === undefined ? `none of ${check.id}'s fixes does, and they stay` : `${check.id} / ${fixId} does not, and stays`;
  const downgrades = allChecks.flatMap((c) => c.fixes.filter((f) => f.lowersSecurity && f.reversible).map((f) => `${c.id} --fix ${f.id}`));
  throw new CliInputError(
    '--revert-after',
    `only for fixes that lower security (${downgrades.join(', ')}); ${named} until you roll it back. Nothing was changed.`,
  );
}

export const fixCommand: Command = async (argv, io) => {
  const { values, positionals } = parse(
    argv,
    {
      fix: { type: 'string' },
      session: { type: 'string' },
      account: { type: 'string' },
      target: { type: 'string' },
      scenario: { type: 'string' },
      state: { type: 'string' },
      yes: { type: 'boolean' },
      'revert-after': { type: 'string' },
      json: { type: 'boolean' },
      ...REACH_OPTIONS,
    },
    USAGE,
  );
  const revertAfterMs = parseRevertAfter(values['revert-after']);
  // The fix's parameters: the session to log off (host.session-limits); the fix's own schema checks them.
  const session = intOption(values.session, '--session', 0, 65535);
  // host.user-rights: the account to add to Remote Desktop Users (its form is checked by the fix's schema).
  const params =
    session === undefined && values.account === undefined
      ? undefined
      : { ...(session !== undefined ? { session } : {}), ...(values.account !== undefined ? { account: values.account } : {}) };
  // "never" leaves a security downgrade open indefinitely: it is its own, explicit choice on top of --yes.
  if (revertAfterMs === null && !values.yes)
    throw new CliInputError('--revert-after', '"never" keeps the downgrade until you roll it back; it needs --yes as well');
  const checkId = positionals[0];
  if (!checkId || positionals.length > 1)
    throw new CliInputError('CHECK_ID', `expected one check id such as host.certificate. Usage: ${USAGE}`);
  const check = findCheck(checkId);
  if (!check) throw new CliInputError('CHECK_ID', `"${checkId.slice(0, 60)}" is not a known check; "rdp-doctor diagnose" lists them`);
  if (values.fix !== undefined && !check.fixes.some((f) => f.id === values.fix)) {
    throw new CliInputError(
      '--fix',
      `"${values.fix.slice(0, 60)}" is not a fix of ${check.id} (its fixes: ${check.fixes.map((f) => f.id).join(', ') || 'none'})`,
    );
  }
  // Before the host opens: nothing (not even a --state file) is written for a refused command.
  refuseRevertAfterOn(check, values.fix, values['revert-after']);
  let target = null;
  if (values.target !== undefined) {
    const parsed = parseTarget(values.target, '--target');
    if (!parsed.ok) throw new CliInputError('--target', parsed.error);
    target = parsed.target;
  }
  // Refused before the host is opened, so a refused fix creates no state file and no journal folder.
  const chosen =
    values.fix !== undefined ? check.fixes.find((f) => f.id === values.fix) : check.fixes.length === 1 ? check.fixes[0] : undefined;
  if (chosen && needsConfirmation(chosen) && !values.yes)
    throw new CliInputError(
      '--yes',
      `${chosen.title} ${!chosen.reversible ? 'cannot be undone' : chosen.lowersSecurity ? 'lowers security' : 'needs confirmation'}; confirm it explicitly (--yes on the command line). Nothing was changed.`,
    );
  const remote = await openRemoteForCliChange(values, io);
  if (typeof remote === 'number') return remote;
  const opened = remote ? { ...remote, hostRef: hostRefOf(remote.host) } : await openCliHostForChange(values, io);
  try {
    const ctx = createContext(opened.host, await opened.host.info(), target, new AbortController().signal);
    let fixId = values.fix;
    if (!fixId) {
      const { finding } = await evaluate(check, ctx);
      const usable = finding.fixes.filter((f) => !f.disabledReason);
      if (usable.length > 1) {
        // --yes must confirm the fix the technician chose, never one picked for them among several.
        throw new CliInputError(
          '--fix',
          `${check.id} offers ${usable.length} fixes now; choose one: ${usable.map((f) => `--fix ${f.id} (${f.title})`).join(', ')}`,
        );
      }
      const offered = usable[0] ?? finding.fixes[0];
      if (!offered) {
        // A failing check without a fix is not "nothing to fix": it needs a change RDP Doctor does not make.
        const message =
          finding.status === 'pass'
            ? `${check.id}: nothing to fix, it passes (${finding.verdict})`
            : `${check.id}: RDP Doctor has no automatic fix for this (${STATUS_LABEL[finding.status].trim()}: ${finding.verdict}); follow its verdict by hand`;
        if (values.json) io.stdout(JSON.stringify({ entry: null, message, finding }) + '\n');
        else io.stderr(`${message}\n`);
        return finding.status === 'pass' ? EXIT.ok : EXIT.problems;
      }
      fixId = offered.id;
      refuseRevertAfterOn(check, fixId, values['revert-after']);
    }
    try {
      const options = {
        confirmed: Boolean(values.yes),
        ...(revertAfterMs !== undefined ? { revertAfterMs } : {}),
        ...(params ? { params } : {}),
      };
      const warnings = await announceWarnings(check, fixId, ctx, params, values, io);
      const { entry, finding, interrupted } = remote
        ? await applyFixOverLink(check, fixId, ctx, opened.journal, opened.hostRef, options)
        : { ...(await applyFix(check, fixId, ctx, opened.journal, opened.hostRef, options)), interrupted: undefined };
      if (interrupted) io.stderr(`warning: ${interrupted}\n`);
      if (values.json) {
        io.stdout(
          JSON.stringify({
            entry: { id: entry.id, checkId: entry.checkId, fixId: entry.fixId, state: entry.state },
            journalEntry: entry,
            finding,
            warnings,
            needsRestart: restartNotice(check, entry.fixId, ctx.hostInfo.computerName) !== null,
          }) + '\n',
        );
      } else {
        io.stdout(`Applied: ${formatEntry(entry)}\nRe-check: ${STATUS_LABEL[finding.status].trim()} ${finding.verdict}\n`);
        // Without --state the simulated change ends with this process: no undo or scheduled revert to promise.
        const ephemeral = !opened.hostRef.stateFile && opened.hostRef.kind === 'simulated';
        if (entry.revertAt && !ephemeral)
          io.stdout(`The host reverts it at ${entry.revertAt} (a one-time scheduled task), whether or not RDP Doctor is running.\n`);
        const restart = restartNotice(check, entry.fixId, remote ? remote.host.transport.target : ctx.hostInfo.computerName);
        if (restart) io.stdout(restart);
        const via = values.remote
          ? ` --remote ${values.remote}${values.credential ? ` --credential ${values.credential}` : ''}${values.https ? ' --https' : ''}`
          : values['azure-vm']
            ? ` --azure-vm ${values['azure-vm']}`
            : '';
        const state = opened.hostRef.stateFile ?? (remote && values.state ? values.state : null);
        if (entry.reversible && !ephemeral)
          io.stdout(
            `Undo with: rdp-doctor rollback ${entry.id}${via}${state ? ` --state ${state}` : ''}${remote && values.simulate ? ' --simulate' : ''}\n`,
          );
        if (ephemeral)
          io.stdout('Note: without --state this simulated change lived only in this run and is gone now; pass --state FILE to keep it.\n');
      }
      return finding.status === 'pass' ? EXIT.ok : EXIT.problems;
    } catch (err) {
      if (err instanceof FixError && err.field === 'confirmed') throw new CliInputError('--yes', err.message.replace(/^confirmed: /, ''));
      if (err instanceof FixError && err.field === 'fixId') throw new CliInputError('--fix', err.message.replace(/^fix: /, ''));
      // "params.session: ..." is the --session the technician typed.
      if (err instanceof FixError && err.field?.startsWith('params.'))
        throw new CliInputError(`--${err.field.slice('params.'.length)}`, err.message.replace(/^params\.\w+: /, ''));
      if (err instanceof FixError && err.field === 'revertAfter')
        throw new CliInputError('--revert-after', err.message.replace(/^revertAfter: /, ''));
      if (err instanceof FixError) {
        io.stderr(`${err.message}\n`);
        if (values.json) io.stdout(JSON.stringify({ error: { code: err.code, message: err.message } }) + '\n');
        return err.code === 'bad-input' ? EXIT.badInput : EXIT.problems;
      }
      throw err;
    }
  } finally {
    await opened.close();
  }
};

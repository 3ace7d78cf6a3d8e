// rdp-doctor fix CHECK_ID [--fix FIX_ID] [--session ID] [--account DOMAIN\\NAME] [--target HOST[:PORT]] [--scenario NAME] [--state FILE] [--yes] [--revert-after DURATION|never] [--json] [--remote ...|--azure-vm ...]
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { allChecks, findCheck } from '../../engine/checks';
import { needsConfirmation, type AnyCheck, type CheckContext } from '../../engine/types';
import { createContext } from '../../engine/context';
import { evaluate } from '../../engine/evaluate';
import { applyFix, FixError, hostRefOf, type ApplyOptions, type HostRef } from '../../engine/fixer';
import { intOption, parse, targetOption } from '../args';
import type { Target } from '../../../shared/target';
import { formatEntry, STATUS_LABEL } from '../format';
import type { Finding, JournalEntry } from '../../../shared/model';
import type { Journal } from '../../engine/journal';
import { openCliHostForChange } from '../host-options';
import { parseRevertAfter } from '../duration';
import { CliInputError, EXIT, isCliInputError, type CliIO, type Command } from '../io';
import { REACH_OPTIONS, type OpenedRemote } from '../../reach/open-remote';
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

function parseFixArgs(argv: string[]) {
  return parse(
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
}

type FixValues = ReturnType<typeof parseFixArgs>['values'];

/** What the command line asks for, every part of it checked before the host opens. */
interface FixRequest {
  check: AnyCheck;
  target: Target | null;
  options: ApplyOptions;
}

/**
 * Every refusal that needs no host comes first, in this order, so nothing (not even a --state file or a journal
 * folder) is written for a refused command.
 */
function readFixRequest(values: FixValues, positionals: string[]): FixRequest {
  const revertAfterMs = parseRevertAfter(values['revert-after']);
  const params = fixParams(values);
  // "never" leaves a security downgrade open indefinitely: it is its own, explicit choice on top of --yes.
  if (revertAfterMs === null && !values.yes)
    throw new CliInputError('--revert-after', '"never" keeps the downgrade until you roll it back; it needs --yes as well');
  const check = checkArgument(positionals);
  refuseUnknownFix(check, values.fix);
  refuseRevertAfterOn(check, values.fix, values['revert-after']);
  const target = targetOption(values.target);
  refuseUnconfirmed(check, values.fix, values.yes);
  const options: ApplyOptions = {
    confirmed: Boolean(values.yes),
    ...(revertAfterMs !== undefined ? { revertAfterMs } : {}),
    ...(params ? { params } : {}),
  };
  return { check, target, options };
}

/** The fix's parameters; the fix's own schema checks their form. */
function fixParams(values: FixValues): ApplyOptions['params'] {
  // The session to log off (host.session-limits).
  const session = intOption(values.session, '--session', 0, 65535);
  // host.user-rights: the account to add to Remote Desktop Users.
  if (session === undefined && values.account === undefined) return undefined;
  return { ...(session !== undefined ? { session } : {}), ...(values.account !== undefined ? { account: values.account } : {}) };
}

function checkArgument(positionals: string[]): AnyCheck {
  const checkId = positionals[0];
  if (!checkId || positionals.length > 1)
    throw new CliInputError('CHECK_ID', `expected one check id such as host.certificate. Usage: ${USAGE}`);
  const check = findCheck(checkId);
  if (!check) throw new CliInputError('CHECK_ID', `"${checkId.slice(0, 60)}" is not a known check; "rdp-doctor diagnose" lists them`);
  return check;
}

function refuseUnknownFix(check: AnyCheck, fixId: string | undefined): void {
  if (fixId === undefined || check.fixes.some((f) => f.id === fixId)) return;
  throw new CliInputError(
    '--fix',
    `"${fixId.slice(0, 60)}" is not a fix of ${check.id} (its fixes: ${check.fixes.map((f) => f.id).join(', ') || 'none'})`,
  );
}

/** A fix known before the host opens (named, or the check's only one) that needs --yes is refused without it. */
function refuseUnconfirmed(check: AnyCheck, fixId: string | undefined, yes: boolean | undefined): void {
  const chosen = fixId !== undefined ? check.fixes.find((f) => f.id === fixId) : check.fixes.length === 1 ? check.fixes[0] : undefined;
  if (!chosen || !needsConfirmation(chosen) || yes) return;
  throw new CliInputError(
    '--yes',
    `${chosen.title} ${!chosen.reversible ? 'cannot be undone' : chosen.lowersSecurity ? 'lowers security' : 'needs confirmation'}; confirm it explicitly (--yes on the command line). Nothing was changed.`,
  );
}

export const fixCommand: Command = async (argv, io) => {
  const { values, positionals } = parseFixArgs(argv);
  const { check, target, options } = readFixRequest(values, positionals);
  const remote = await openRemoteForCliChange(values, io);
  if (typeof remote === 'number') return remote;
  const fresh = !remote && values.state !== undefined && !existsSync(path.resolve(io.cwd, values.state));
  const opened = remote ? { ...remote, hostRef: hostRefOf(remote.host) } : await openCliHostForChange(values, io);
  let discard: (() => void) | null = null;
  try {
    const ctx = createContext(opened.host, await opened.host.info(), target, new AbortController().signal);
    const fixId = values.fix ?? (await offeredFix(check, ctx, values, io));
    if (typeof fixId === 'number') return fixId;
    const run: FixRun = { check, fixId, ctx, journal: opened.journal, hostRef: opened.hostRef, remote };
    return await applyAndReport(run, options, values, io);
  } catch (err) {
    if (fresh && isCliInputError(err)) discard = () => discardFreshState(opened.hostRef.stateFile, opened.journal.dir);
    throw err;
  } finally {
    await opened.close();
    discard?.();
  }
};

/** A fix refused as bad input (--session 999, an unknown --account) on a --state it created leaves nothing behind. */
function discardFreshState(state: string | null, journal: string): void {
  if (!state) return;
  if (existsSync(journal) && readdirSync(journal).length === 0) rmdirSync(journal);
  if (!existsSync(journal)) rmSync(state, { force: true });
}

/**
 * No --fix: the fix the check offers now, or the exit code when there is none to apply. --yes must confirm the
 * fix the technician chose, never one picked for them among several.
 */
async function offeredFix(check: AnyCheck, ctx: CheckContext, values: FixValues, io: CliIO): Promise<string | number> {
  const { finding } = await evaluate(check, ctx);
  const usable = finding.fixes.filter((f) => !f.disabledReason);
  if (usable.length > 1) {
    throw new CliInputError(
      '--fix',
      `${check.id} offers ${usable.length} fixes now; choose one: ${usable.map((f) => `--fix ${f.id} (${f.title})`).join(', ')}`,
    );
  }
  const offered = usable[0] ?? finding.fixes[0];
  if (!offered) return reportNoFix(check, finding, values, io);
  refuseRevertAfterOn(check, offered.id, values['revert-after']);
  return offered.id;
}

/** A failing check without a fix is not "nothing to fix": it needs a change RDP Doctor does not make. */
function reportNoFix(check: AnyCheck, finding: Finding, values: FixValues, io: CliIO): number {
  const message =
    finding.status === 'pass'
      ? `${check.id}: nothing to fix, it passes (${finding.verdict})`
      : `${check.id}: RDP Doctor has no automatic fix for this (${STATUS_LABEL[finding.status].trim()}: ${finding.verdict}); follow its verdict by hand`;
  if (values.json) io.stdout(JSON.stringify({ entry: null, message, finding }) + '\n');
  else io.stderr(`${message}\n`);
  return finding.status === 'pass' ? EXIT.ok : EXIT.problems;
}

interface FixRun {
  check: AnyCheck;
  fixId: string;
  ctx: CheckContext;
  journal: Journal;
  hostRef: HostRef;
  remote: OpenedRemote | null;
}

async function applyAndReport(run: FixRun, options: ApplyOptions, values: FixValues, io: CliIO): Promise<number> {
  try {
    const { check, fixId, ctx, journal, hostRef } = run;
    const warnings = await announceWarnings(check, fixId, ctx, options.params, values, io);
    const { entry, finding, interrupted } = run.remote
      ? await applyFixOverLink(check, fixId, ctx, journal, hostRef, options)
      : { ...(await applyFix(check, fixId, ctx, journal, hostRef, options)), interrupted: undefined };
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
    } else printApplied(run, entry, finding, values, io);
    return finding.status === 'pass' ? EXIT.ok : EXIT.problems;
  } catch (err) {
    return fixErrorExit(err, values, io);
  }
}

/** The human summary: what changed, the re-check, and how (and whether) it can be undone. */
function printApplied(run: FixRun, entry: JournalEntry, finding: Finding, values: FixValues, io: CliIO): void {
  const { remote, hostRef } = run;
  io.stdout(`Applied: ${formatEntry(entry)}\nRe-check: ${STATUS_LABEL[finding.status].trim()} ${finding.verdict}\n`);
  // Without --state the simulated change ends with this process: no undo or scheduled revert to promise.
  const ephemeral = !hostRef.stateFile && hostRef.kind === 'simulated';
  if (entry.revertAt && !ephemeral)
    io.stdout(`The host reverts it at ${entry.revertAt} (a one-time scheduled task), whether or not RDP Doctor is running.\n`);
  const restart = restartNotice(run.check, entry.fixId, remote ? remote.host.transport.target : run.ctx.hostInfo.computerName);
  if (restart) io.stdout(restart);
  const state = hostRef.stateFile ?? (remote && values.state ? values.state : null);
  if (entry.reversible && !ephemeral)
    io.stdout(
      `Undo with: rdp-doctor rollback ${entry.id}${reachFlags(values)}${state ? ` --state ${state}` : ''}${remote && values.simulate ? ' --simulate' : ''}\n`,
    );
  if (ephemeral)
    io.stdout('Note: without --state this simulated change lived only in this run and is gone now; pass --state FILE to keep it.\n');
}

/** The reach flags the rollback command needs to get back to the same host. */
function reachFlags(values: FixValues): string {
  if (values.remote)
    return ` --remote ${values.remote}${values.credential ? ` --credential ${values.credential}` : ''}${values.https ? ' --https' : ''}`;
  return values['azure-vm'] ? ` --azure-vm ${values['azure-vm']}` : '';
}

/** The fixer's refusals name the flag the technician typed; other fix errors are reported with their exit code. */
function fixErrorExit(err: unknown, values: FixValues, io: CliIO): number {
  if (!(err instanceof FixError)) throw err;
  if (err.field === 'confirmed') throw new CliInputError('--yes', err.message.replace(/^confirmed: /, ''));
  if (err.field === 'fixId') throw new CliInputError('--fix', err.message.replace(/^fix: /, ''));
  // "params.session: ..." is the --session the technician typed.
  if (err.field?.startsWith('params.'))
    throw new CliInputError(`--${err.field.slice('params.'.length)}`, err.message.replace(/^params\.\w+: /, ''));
  if (err.field === 'revertAfter') throw new CliInputError('--revert-after', err.message.replace(/^revertAfter: /, ''));
  io.stderr(`${err.message}\n`);
  if (values.json) io.stdout(JSON.stringify({ error: { code: err.code, message: err.message } }) + '\n');
  return err.code === 'bad-input' ? EXIT.badInput : EXIT.problems;
}

import type { ContractDecl, PathUse, ScriptFacts } from '../../facts';
import type { Direction, Fix, Severity } from '../../model';
import type { RuleContext } from '../context';
import { replace } from '../edits';
import { isUnder } from '../paths';
import { rule } from '../rule';
import { trainingChannelOfPath, uncoveredWrite } from '../sdk/shared';
import { classifiedUses } from './path-classes';
import { accessorText, channelsOf, claimingContract, declareChannelEdit } from './shared';

export default rule({
  id: 'undeclared-path',
  severity: 'warning',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'A container path that no declared channel covers.',
  subject: 'script',
  check(ctx, s) {
    for (const { use, cls } of classifiedUses(ctx, s)) {
      if (cls.kind !== 'undeclared') continue;
      // A pipeline step's lost writes and misnamed training channels have rules of their own.
      if (uncoveredWrite(s.contract, use, ctx.config.platformPaths) || trainingChannelOfPath(s.contract, use.path) !== undefined) continue;
      report(ctx, s.script, s.contract, use);
    }
  },
});

/** Where the platform mounts or uploads channels: a path here that no channel covers is missing data. */
const CHANNEL_AREAS = ['/opt/ml/processing/input', '/opt/ml/processing/output'];
const TRAINING_CHANNEL_AREAS = ['/opt/ml/input/data'];

function directionOf(path: string): Direction {
  if (/^\/opt\/ml\/(processing\/input|input)(\/|$)/.test(path)) return 'input';
  if (/^\/opt\/ml\/(processing\/output|model|output|checkpoints)(\/|$)/.test(path)) return 'output';
  return /\/(output|model|checkpoints)(\/|$)/.test(path) ? 'output' : 'input';
}

function report(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, use: PathUse): void {
  // A constant's definition whose uses are checked where they are: wired (path-mismatch compares a
  // declared key's paths, undeclared-wiring reports an undeclared key) or used in logic (reported there).
  let untraced = false;
  if (use.definesConstant && !use.unusedConstant) {
    const wired = script.wiring.some((w) => w.path === use.path);
    const usedInLogic = script.pathUses.some((u) => u !== use && u.context === 'logic' && isUnder(u.path, use.path));
    if (wired || usedInLogic) return;
    // Named elsewhere, but not in a read or wiring the checker follows (a log line, an argument).
    untraced = true;
  }
  const dir = directionOf(use.path);
  const segments = use.path.replace(/\/+$/, '').split('/');
  const rawName = segments[segments.length - 1].replace(/\.[A-Za-z0-9]+$/, '').replace(/[^A-Za-z0-9_]/g, '_') || 'channel';
  const existing = new Set(channelsOf(contract, dir).map((c) => c.name));
  let name = rawName;
  for (let i = 2; existing.has(name); i++) name = `${rawName}_${i}`;
  const fixes: Fix[] = [];
  const declare = declareChannelEdit(contract, dir, name, use.path.replace(/\/+$/, ''));
  if (declare) {
    const edits = [declare];
    if (use.context === 'logic' && use.form !== 'fstring' && !use.inPattern)
      edits.push(replace(ctx.file, use.range, accessorText(ctx, script, dir, name, undefined, use.fstringQuote)));
    fixes.push({ title: `Declare ${dir} channel "${name}" for ${use.path} in ${ctx.show(contract.file)}`, safe: false, edits });
  }
  const areas = contract.training ? TRAINING_CHANNEL_AREAS : CHANNEL_AREAS;
  const inChannelArea = areas.some((a) => isUnder(use.path, a) && use.path.replace(/\/+$/, '') !== a);
  let severity: Severity = 'warning';
  let message: string;
  if (use.unusedConstant) {
    severity = 'information';
    message = `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}, but nothing in this script uses ${use.definesConstant}, which holds it.`;
  } else if (untraced) {
    severity = 'information';
    message = `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}; ${use.definesConstant} holds it, and the checker sees it read or wired nowhere (only named where it cannot follow, such as a log line or a call).`;
  } else if (use.uncalledFunction) {
    severity = 'information';
    message = `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}, but it is written inside ${use.uncalledFunction}(), which nothing in this script calls: the job never runs it.`;
  } else if (use.role) {
    severity = 'information';
    message = `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}; it is ${use.role === 'fallback' ? 'a fallback, used only when a channel is missing' : use.role === 'default-param' ? 'a parameter default, used only when a caller passes nothing' : use.role === 'probe' ? 'a location tried first, with something else used when nothing is there' : `the default of ${use.envVar ?? 'an environment variable'}`}.`;
  } else if (inChannelArea) {
    message = `Container path "${use.path}" is where SageMaker mounts ${dir === 'input' ? 'input' : 'output'} channels, but no channel of ${ctx.contractLabel(contract)} covers it: ${dir === 'input' ? 'unless the step builder mounts something the contract does not list, nothing is there' : 'unless the step builder uploads a location the contract does not list, what is written there is lost'}.`;
  } else {
    severity = 'information';
    message = `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}; it is outside the channel folders, so the job may create it itself or the platform may provide it.`;
  }
  ctx.report('undeclared-path', use.range, message, { entity: use.path, related: claimingContract(contract), fixes, severity });
}

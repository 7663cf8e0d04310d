// Which declared channel a container path used in a script belongs to: shared
// by hardcoded-path (a path a channel provides) and undeclared-path (a path no
// channel covers), so the two rules can never both claim, or both miss, a use.
import type { ChannelDecl, ContractDecl, PathUse } from '../../facts';
import type { RuleContext } from '../context';
import { covers, isUnder } from '../paths';
import type { ScriptSubject } from '../rule';

export type PathClass =
  /** The longest declared channel path that equals or contains the used one. */
  | { kind: 'channel'; channel: ChannelDecl }
  /** A parent of a declared path (e.g. `/opt/ml/processing/input`): neither rule's business. */
  | { kind: 'covered' }
  /** Provided by the platform without a channel (the job's code, its config, the training model dir). */
  | { kind: 'platform' }
  | { kind: 'undeclared' };

export function classifyPathUse(ctx: RuleContext, contract: ContractDecl, withPaths: ChannelDecl[], use: PathUse): PathClass {
  let best: ChannelDecl | undefined;
  for (const ch of withPaths) if (isUnder(use.path, ch.path!) && (!best || ch.path!.length > best.path!.length)) best = ch;
  if (best) return { kind: 'channel', channel: best };
  if (withPaths.some((ch) => covers(use.path, ch.path!))) return { kind: 'covered' };
  const platform = contract.training ? ctx.config.trainingPlatformPaths : ctx.config.platformPaths;
  if (platform.some((p) => isUnder(use.path, p))) return { kind: 'platform' };
  return { kind: 'undeclared' };
}

export function classifiedUses(ctx: RuleContext, s: ScriptSubject): { use: PathUse; cls: PathClass }[] {
  return s.script.pathUses.map((use) => ({ use, cls: classifyPathUse(ctx, s.contract, s.withPaths, use) }));
}

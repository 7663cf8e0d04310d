import type { ContractDecl, ScriptFacts } from '../../facts';
import type { Severity } from '../../model';
import { closest } from '../../suggest';
import { rule } from '../rule';
import { channelOfEnv, trainingChannelOfPath } from '../sdk/shared';

/** Does the script read a training channel its SDK step does not declare (this rule's finding)? */
export function readsUndeclaredChannel(script: ScriptFacts, contract: ContractDecl): boolean {
  if (contract.format !== 'sdk' || !contract.training || contract.sdk?.inputsOpen) return false;
  const envs = new Set(contract.inputs.map((c) => c.env));
  const names = new Set(contract.inputs.map((c) => c.name));
  return (
    script.envReads.some((r) => channelOfEnv(r.name) !== undefined && !envs.has(r.name)) ||
    script.pathUses.some((u) => {
      const ch = trainingChannelOfPath(contract, u.path);
      return ch !== undefined && !names.has(ch);
    })
  );
}

export default rule({
  id: 'channel-name-mismatch',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'none',
  summary: 'A training script reads a channel (SM_CHANNEL_X, /opt/ml/input/data/x) its step does not declare.',
  subject: 'script',
  check(ctx, { script, contract }) {
    if (contract.format !== 'sdk' || !contract.training || contract.sdk?.inputsOpen) return;
    const names = contract.inputs.map((c) => c.name);
    const byEnv = new Map(contract.inputs.map((c) => [c.env, c.name]));
    const list = names.length ? names.map((n) => `"${n}"`).join(', ') : 'none';
    const near = (wanted: string) => {
      const n =
        closest(wanted, names) ??
        closest(
          wanted.toLowerCase(),
          names.map((x) => x.toLowerCase()),
        );
      const unread = names.filter((x) => !script.envReads.some((r) => r.name === contract.inputs.find((c) => c.name === x)?.env));
      // The one channel nothing reads, when the names share a stem (`training` for `train`).
      return n ?? (unread.length === 1 && unread[0].slice(0, 3).toLowerCase() === wanted.slice(0, 3).toLowerCase() ? unread[0] : undefined);
    };
    for (const read of script.envReads) {
      const channel = channelOfEnv(read.name);
      if (channel === undefined || byEnv.has(read.name)) continue;
      const guess = near(channel.toLowerCase());
      // `.get()` with no default copes with the channel's absence (None); a guard too.
      let severity: Severity = 'error';
      if (read.guarded || read.uncalledFunction) severity = 'information';
      else if (read.hasDefault && read.defaultText !== 'None') severity = 'warning';
      const what =
        severity === 'error'
          ? 'the platform sets no such variable, so the read fails'
          : severity === 'warning'
            ? 'the platform sets no such variable, so the script uses its default, a folder nothing is mounted in'
            : 'the script copes with its absence, so that branch never runs';
      ctx.report(
        'channel-name-mismatch',
        read.range,
        `${read.name} names training channel "${channel.toLowerCase()}", but ${ctx.contractLabel(contract)} declares ${list}${guess ? ` (did you mean ${contract.inputs.find((c) => c.name === guess)?.env}?)` : ''}: ${what}.`,
        { entity: read.name, severity, related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the training step' }] },
      );
    }
    for (const use of script.pathUses) {
      const channel = trainingChannelOfPath(contract, use.path);
      if (channel === undefined || names.includes(channel)) continue;
      const guess = near(channel);
      const severity: Severity = use.role || use.uncalledFunction ? 'information' : 'warning';
      ctx.report(
        'channel-name-mismatch',
        use.range,
        `"${use.path}" is the folder of training channel "${channel}", but ${ctx.contractLabel(contract)} declares ${list}${guess ? ` (did you mean "${guess}"?)` : ''}: nothing is mounted there.`,
        { entity: use.path, severity, related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the training step' }] },
      );
    }
  },
});

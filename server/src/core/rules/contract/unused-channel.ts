import type { ChannelDecl, ContractDecl } from '../../facts';
import type { Severity } from '../../model';
import type { RuleContext } from '../context';
import type { ContractSubject } from '../rule';
import { undeclaredPlaceholders } from './placeholders';
import { channelIsUsed } from '../../usage';
import { rule } from '../rule';
import { readsUndeclaredChannel } from '../script/channel-name-mismatch';
import { withHelpers } from '../sdk/shared';

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A component hands its program a channel only on the command line (`${{inputs.x}}`, `{inputPath:
 * x}`); Azure ML also sets `AZURE_ML_INPUT_<name>` / `AZURE_ML_OUTPUT_<name>`, so an Azure program
 * must be visible and not read those for an unpassed channel to be certain.
 */
function componentChannels(ctx: RuleContext, c: ContractDecl, script: ContractSubject['script']): void {
  const info = c.component!;
  if (!info.complete) return;
  const s = script?.facts.script;
  if (info.source !== 'kubeflow' && (!s || s.delegates || s.envReads.some((r) => /^AZURE_ML_(?:INPUT|OUTPUT)_/.test(r.name)))) return;
  const passed = new Set(info.references.map((r) => `${r.direction}:${r.name}`));
  // A channel an undeclared placeholder meant is that rule's finding.
  for (const u of undeclaredPlaceholders(c)) if (u.meant) passed.add(`${u.meant.direction}:${u.meant.name}`);
  // A Kubeflow command that passes none of its outputs leaves them to a convention it does not show (the
  // image writes /tmp/outputs/<name>/data, a launcher reads the executor input): a design, not a slip.
  const noOutputs = info.source === 'kubeflow' && !info.references.some((r) => r.direction === 'output');
  for (const ch of [...c.inputs, ...c.outputs]) {
    if (passed.has(`${ch.direction}:${ch.name}`)) continue;
    if (noOutputs && ch.direction === 'output') {
      ctx.report(
        'unused-channel',
        ch.nameRange,
        `Output "${ch.name}" of ${info.label} is never passed by its command (no {outputPath: ${ch.name}}), nor is any other output: the image may write them where the platform looks by a convention the command does not show.`,
        {
          severity: 'information',
          unnecessary: true,
          entity: ch.name,
          related: [{ location: { file: c.file, range: info.commandRange }, message: 'the command' }],
        },
      );
      continue;
    }
    const placeholder =
      info.source === 'kubeflow' ? `{${ch.direction === 'input' ? 'inputValue|inputPath' : 'outputPath'}: ${ch.name}}` : `\${{${ch.direction}s.${ch.name}}}`;
    const consequence =
      ch.direction === 'input' ? (ch.required ? '; the program never receives it' : '') : '; the program is not told where to write it, so it stays empty';
    const severity: Severity = ch.direction === 'input' && !ch.required ? 'information' : 'warning';
    ctx.report(
      'unused-channel',
      ch.nameRange,
      `${ch.required || ch.direction === 'output' ? '' : 'Optional '}${ch.direction === 'input' ? (ch.required ? 'Input' : 'input') : 'Output'} "${ch.name}" of ${info.label} is never passed by its command (no ${placeholder})${consequence}.`,
      { severity, unnecessary: true, entity: ch.name, related: [{ location: { file: c.file, range: info.commandRange }, message: 'the command' }] },
    );
  }
}

export default rule({
  id: 'unused-channel',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A declared channel the script never reads, wires or uses by path.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (c.component) return componentChannels(ctx, c, script);
    if (!script) return;
    // A pipeline step runs the helper modules its script imports too.
    const s = c.format === 'sdk' ? withHelpers(ctx.project, script.file, script.facts.script) : script.facts.script;
    const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
    const optionalInSpecs = new Set(specs.flatMap((sp) => sp.dependencies.filter((d) => !d.required).map((d) => d.name)));
    const scriptName = ctx.show(script.file);
    for (const ch of [...c.inputs, ...c.outputs]) {
      if (channelIsUsed(s, ch)) continue;
      // A pipeline step's output folder is unwritten-output's: it judges writes, not names.
      if (c.format === 'sdk' && ch.direction === 'output') continue;
      // A training script reading a misnamed channel: channel-name-mismatch says which one it meant.
      if (readsUndeclaredChannel(s, c)) continue;
      const optional = !ch.required || optionalInSpecs.has(ch.name);
      // A script that starts another program (subprocess, exec) may hand the channel to code not in this file.
      // A pipeline step's script that downloads from S3 itself may fetch this data another way.
      const downloads = c.format === 'sdk' && ch.direction === 'input' && !!s.s3?.downloads;
      const severity: Severity = optional || s.delegates || downloads ? 'information' : 'warning';
      const consequence = s.delegates
        ? `; it starts another program, which may read it`
        : downloads
          ? '; the script downloads from S3 itself, so it may fetch this data another way, and the mount is only unused'
          : optional
            ? ''
            : ch.direction === 'input'
              ? '; the step needs this data, and the script ignores it'
              : '; the step uploads this location, and the script writes nothing there';
      ctx.report(
        'unused-channel',
        ch.nameRange,
        `${!ch.required ? 'Optional' : 'Required'} ${channelLabel(ch)}${ch.required && optional ? ' (optional in its spec)' : ''} is never read, wired or used by path in ${scriptName}${consequence}.`,
        {
          severity,
          unnecessary: true,
          entity: ch.name,
          related: [{ location: { file: script.file, range: s.entryFunction?.range ?? zero }, message: 'the script this contract claims' }],
        },
      );
    }
  },
});

/** An unnamed SDK input or output is known to its reader by its folder; the name SageMaker derives (`input-4`) is in no file. */
function channelLabel(ch: ChannelDecl): string {
  if (ch.derived && ch.path) return `${ch.direction} at ${ch.path} (no ${ch.direction}_name, so SageMaker calls it "${ch.name}")`;
  return `${ch.direction} "${ch.name}"`;
}

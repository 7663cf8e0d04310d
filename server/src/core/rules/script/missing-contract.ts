import { spanRange } from '../../facts';
import { generatedContractFor } from '../../generate-contract';
import { contains } from '../../model';
import { basename } from '../../paths';
import { rule } from '../rule';

export default rule({
  id: 'missing-contract',
  severity: 'information',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'A script that reads channels or container paths but that no contract claims.',
  subject: 'unclaimed-script',
  check(ctx, { facts }) {
    // A notebook's code cells (not its %%writefile cells) run in the notebook's kernel, never as a step's
    // entry point: there, module-level ProcessingInput(destination="/opt/ml/processing/...") is the
    // pipeline definition naming the paths, not a script using them. No contract can claim the cells.
    if (ctx.entry.notebook?.role === 'cells') return;
    const s = facts.script;
    const reads = s.channelReads.length > 0;
    const paths = s.pathUses.length > 0;
    if (!reads && !paths) return;
    // Tests call a script's main() with their own dicts; they are not steps.
    if (isTestFile(ctx.project.relative(ctx.file))) return;
    // Only what runs as a step's entry point needs a contract: a file with an `if __name__ == "__main__":`
    // block, or one that wires, reads or opens container paths at module level (module-level path
    // constants are definitions, not uses). Step builders and libraries that name container paths inside
    // functions, and tests that call a script's main(input_paths), are not entry points.
    const constants = facts.assignments
      .filter((a) => a.value.kind === 'str' || a.value.kind === 'dict' || a.value.kind === 'list')
      .map((a) => spanRange(a.value.range));
    const usedAtModuleLevel = s.pathUses.some((p) => p.context === 'wiring' && !constants.some((c) => contains(c, p.range.start)));
    const entryPoint = s.mainBlock !== undefined || s.wiringDicts.length > 0 || s.channelReads.some((r) => r.context === 'wiring') || usedAtModuleLevel;
    if (!entryPoint) return;
    const file = ctx.file;
    // A contract names this file's base name but runs a same-named script elsewhere, and this one shares no
    // channel or env var with it: another step's script or an unrelated file, not a missing contract.
    const namesIt = ctx.project.declarations().contractsByEntry.get(basename(file)) ?? [];
    if (namesIt.length) {
      const claimed = ctx.project.scriptsOf(namesIt[0]);
      ctx.report(
        'missing-contract',
        { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        `${ctx.contractLabel(namesIt[0])} names "${basename(file)}" but runs ${claimed.length ? ctx.show(claimed[0]) : 'another file'}; this file reads none of its channels or env vars, so nothing checks it against that contract.`,
        { severity: 'hint' },
      );
      return;
    }
    const generated = generatedContractFor(ctx.project, file);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const what = reads
      ? `reads channels (${[...new Set(s.channelReads.map((r) => r.key))].slice(0, 4).join(', ')})`
      : `uses container paths (${s.pathUses[0].path})`;
    ctx.report(
      'missing-contract',
      range,
      `No script contract claims ${basename(file)}, yet it ${what}; declare a contract whose entry_point is "${basename(file)}" so these are checked.`,
      {
        fixes: generated
          ? [{ title: `Generate a contract for ${basename(file)} (${ctx.show(generated.file)})`, safe: false, edits: [], createFiles: [generated] }]
          : [],
      },
    );
  },
});

/** `tests/…`, `test_x.py`, `x_test.py`, `conftest.py`, by the path inside the workspace. */
export function isTestFile(relativePath: string): boolean {
  return /(^|\/)(tests?|testing)\//.test(relativePath) || /(^|\/)(test_[^/]*|[^/]*_test|conftest)\.py$/.test(relativePath);
}

// `check --add-suppressions`: a `# script-contracts: ignore[rule]` comment for
// each finding, as ruff's --add-noqa does; the comment-based alternative to a
// baseline. Written with --fix's care (GuardedSources in fix-writer.ts): only
// over the bytes that were analysed, never through a link, keeping the BOM;
// the comments go where core/suppression.ts says one can (after a backslash
// continuation or a multi-line string, never inside one), merging rules into a
// suppression already on that line, and a file is written only when its new
// text parses as well as the old.
import { stillParses } from '../core/fixes';
import type { Finding } from '../core/model';
import type { Project } from '../core/project';
import { sourceFormatOf, suppressionEdit, type SourceFormat } from '../core/suppression';
import { applyEdits } from '../core/text-edits';
import { GuardedSources } from './fix-writer';
import type { WorkspaceRoot } from './workspace-paths';

export interface SuppressionOutcome {
  /** Findings now covered by a comment. */
  suppressed: number;
  /** Lines that got a new comment or a rule added to theirs. */
  comments: number;
  written: string[];
  /** Files not written, and why. */
  refused: { file: string; reason: string }[];
  /** Findings no comment can silence, and why. */
  skipped: { finding: Finding; reason: string }[];
}

/** Why a finding cannot be silenced by a comment, or undefined when it can. */
function unsuppressible(f: Finding): string | undefined {
  if (f.rule === 'unused-suppression') return 'an unused suppression is removed, not suppressed (--fix removes it)';
  if (f.rule === 'config-error' || f.rule === 'parse-error') return `${f.rule} cannot be suppressed`;
  if (f.cell) return 'a finding in a notebook cell is not given a comment by --add-suppressions yet; add it in the cell';
  if (!formatOf(f.file)) return 'only Python and YAML files take suppression comments';
  return undefined;
}

function formatOf(file: string): SourceFormat | undefined {
  return sourceFormatOf(file);
}

export function writeSuppressions(findings: readonly Finding[], project: Project, workspace: WorkspaceRoot): SuppressionOutcome {
  const outcome: SuppressionOutcome = { suppressed: 0, comments: 0, written: [], refused: [], skipped: [] };
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const why = unsuppressible(f);
    if (why) outcome.skipped.push({ finding: f, reason: why });
    else byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  }
  const guard = new GuardedSources(project, workspace);
  guard.oneNamePerFile(byFile.keys());
  for (const [file, list] of byFile) {
    const before = guard.textOf(file);
    if (before === undefined) continue;
    const format = formatOf(file)!;
    let text = before;
    let suppressed = 0;
    const changedLines = new Set<number>();
    // One edit at a time, each on the text the previous ones made: an edit stays within its
    // line, so later findings' lines still hold, and a second rule for a line merges into the
    // comment the first one wrote.
    for (const f of [...list].sort((a, b) => a.range.start.line - b.range.start.line || a.rule.localeCompare(b.rule))) {
      const edit = suppressionEdit(text, format, f.range.start.line, f.rule);
      if (edit.range.start.line === 0 && format === 'python' && text.startsWith('#!')) {
        // A comment after `#!/usr/bin/env python` would become an argument of the interpreter line.
        outcome.skipped.push({ finding: f, reason: 'the first line is a #! line, which cannot carry a comment' });
        continue;
      }
      const next = applyEdits(text, [edit]);
      if (next !== text) changedLines.add(edit.range.start.line);
      text = next;
      suppressed++;
    }
    if (text === before) continue;
    if (!stillParses(file, before, text, guard.configOf(file))) {
      guard.refuse(file, 'the text with the comments would not parse');
      continue;
    }
    if (!guard.write(file, text)) continue;
    outcome.written.push(file);
    outcome.suppressed += suppressed;
    outcome.comments += changedLines.size;
  }
  outcome.refused = guard.refusals();
  return outcome;
}

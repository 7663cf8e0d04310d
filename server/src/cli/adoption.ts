// What `check` does for a repository adopting the checker gradually: the
// baseline (accepted findings, core/baseline.ts), stale entries, and --diff
// (only what changed since a git revision). cli.ts calls these in order.
import {
  type Baseline,
  type BaselineEntry,
  type Finding,
  type LoadedConfig,
  type Project,
  formatBaseline,
  matchBaseline,
  rebaseline,
  shownFile,
} from '../core';
import { type BaselineLocation, baselineLocation, baselineNames, readBaseline, writeBaseline } from '../host/baseline-file';
import type { ChangedLines } from '../host/git-diff';
import type { WorkspaceRoot } from '../host/workspace-paths';
import { printable } from './format/printable';

export interface OpenBaseline {
  location: BaselineLocation;
  /** Absent when the file does not exist yet. */
  baseline?: Baseline;
  relOf: (file: string) => string;
  fileOf: (rel: string) => string;
}

/**
 * The baseline this run uses. A file named by --baseline or the configuration
 * must exist (a typo must not silently accept nothing), unless this run writes it.
 */
export function openBaseline(
  workspace: WorkspaceRoot,
  rootConfig: LoadedConfig,
  flag: string | undefined,
  writing: boolean,
  show: (file: string) => string,
): OpenBaseline | { error: string } {
  const location = baselineLocation(workspace, rootConfig, flag);
  const names = baselineNames(location);
  const read = readBaseline(location.file);
  const where = location.source === 'config' ? ` (the baseline key of ${show(location.configFile!)})` : '';
  if ('error' in read) return { error: `cannot read the baseline ${show(location.file)}${where}: ${read.error}` };
  if ('missing' in read) {
    if (location.source !== 'default' && !writing) return { error: `baseline ${show(location.file)}${where} not found; check --write-baseline writes it` };
    return { location, ...names };
  }
  return { location, baseline: read.baseline, ...names };
}

/**
 * Accepts today's findings of the checked files (`checked`): entries of other
 * files are kept, stale ones of checked files dropped. Returns the new
 * baseline and a line saying what was written, or an error.
 */
export function acceptFindings(
  open: OpenBaseline,
  findings: readonly Finding[],
  checked: (file: string) => boolean,
  show: (file: string) => string,
): { baseline: Baseline; message: string } | { error: string } {
  const inScope = (rel: string) => checked(open.fileOf(rel));
  const next = rebaseline(open.baseline, findings, open.relOf, inScope);
  const dropped = open.baseline ? matchBaseline(findings, open.baseline, open.relOf, inScope).stale.reduce((n, e) => n + e.count, 0) : 0;
  const problem = writeBaseline(open.location.file, formatBaseline(next));
  if (problem) return { error: `cannot write the baseline ${show(open.location.file)}: ${problem}` };
  const n = next.size;
  const drop = dropped ? `; ${dropped} that no longer occur${dropped === 1 ? 's' : ''} dropped` : '';
  return { baseline: next, message: `wrote the baseline ${show(open.location.file)}: ${n} finding${n === 1 ? '' : 's'} accepted${drop}` };
}

/** One line per stale entry: the file, the rule, what it was about and how many no longer occur. */
export function staleLines(stale: readonly BaselineEntry[], open: OpenBaseline, show: (file: string) => string): string[] {
  return stale.map((e) => {
    const what = e.entity ? ` ${JSON.stringify(e.entity)}` : '';
    return printable(
      `${show(open.fileOf(e.file))}: ${e.rule}${what}: ${e.count} baselined finding${e.count === 1 ? '' : 's'} no longer occur${e.count === 1 ? 's' : ''}`,
    );
  });
}

/**
 * The findings --diff keeps: those on a changed line (or in a file git does
 * not track yet); every finding of a changed contract or spec file (a changed
 * declaration's findings are contract- and spec-side, wherever the edit was);
 * and every finding of a script a changed contract claims (its contract moved
 * under it). A notebook's lines are its .ipynb file's: a finding in a cell is
 * on a changed line when its text in the file is, and a changed notebook
 * changes every file it writes.
 */
export function onlyChanged(findings: readonly Finding[], changed: ChangedLines, project: Project): Finding[] {
  const declarations = project.declarations();
  const touched = [...changed.keys()].flatMap((f) => [f, ...project.filesOfNotebook(f).slice(1)]);
  const changedDeclarations = new Set(touched.filter((f) => declarations.declarationFiles.has(f)));
  const claimedByChange = new Map<string, boolean>();
  const claimed = (file: string) => {
    let v = claimedByChange.get(file);
    if (v === undefined) claimedByChange.set(file, (v = project.contractsOf(file).some((c) => changedDeclarations.has(c.file))));
    return v;
  };
  return findings.filter((f) => {
    const lines = changed.get(shownFile(f));
    if (lines === 'all' || changedDeclarations.has(f.file)) return true;
    // A cell known only by its text (not where it is in the file) counts as changed with its notebook.
    if (lines && f.cell && !f.cell.inFile) return true;
    const r = f.cell?.inFile ?? f.range;
    if (lines) for (let l = r.start.line; l <= r.end.line; l++) if (lines.has(l)) return true;
    return claimed(f.file);
  });
}

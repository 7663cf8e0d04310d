// The command-line face: `script-contracts check` for CI and `rule` for docs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import {
  isRuleId,
  matchBaseline,
  pipelineView,
  RULES,
  SEVERITY_ORDER,
  suggest,
  toDot,
  toMermaid,
  type BaselineEntry,
  type Finding,
  type LoadedConfig,
  type Notice,
  type Severity,
  shownFile,
} from '../core';
import { ruleDocPath } from '../host/docs';
import { readSmallTextFile } from '../host/files';
import { writeSafeFixes } from '../host/fix-writer';
import { changedLinesSince, DiffError, type ChangedLines } from '../host/git-diff';
import { loadProject, scanWorkspace, type LoadedProject } from '../host/loader';
import { WorkspaceRoot } from '../host/workspace-paths';
import { readResult, scanKey, writeResult } from '../host/result-memo';
import { writeSuppressions } from '../host/suppression-writer';
import { acceptFindings, onlyChanged, openBaseline, staleLines } from './adoption';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { printable } from './format/printable';
import { formatText, position } from './format/text';

const VERSION = '0.1.0';

const USAGE = `Usage:
  script-contracts check [PATH ...] [options]   check scripts against their contracts and specs
  script-contracts graph [PATH] [options]       print the pipeline graph: steps, and which outputs feed which dependencies
  script-contracts rule [RULE-ID]               print a rule's documentation (all rules without an id)
  script-contracts server [--stdio]             start the language server

Options for check:
  --format text|json|sarif|github   output format (default text; github when GITHUB_ACTIONS=true)
  --fix                             apply safe fixes, then report what remains
  --diff BASE                       only findings on lines changed since git revision BASE (and those of
                                    changed contracts and specs, and of the scripts they claim)
  --baseline FILE                   the accepted findings (default: the configuration's baseline key, else
                                    .script-contracts-baseline.json in the workspace root); findings in it
                                    do not fail the run
  --write-baseline                  accept today's findings: write them to the baseline (stale ones dropped)
  --fail-on-stale-baseline          exit 1 when a baselined finding no longer occurs, and list them
  --add-suppressions                add a # script-contracts: ignore[rule] comment for each finding
  --fail-on error|warning|information|hint|off
                                    exit 1 when a finding is at or above this severity (default warning;
                                    hint: any finding)
  --select RULE,...                 report only these rules
  --ignore RULE,...                 do not report these rules
  --show-all                        list information and hint findings too (text format; they are counted either way)
  --config FILE                     use this configuration file for every file
  --no-cache                        do not read or write the cache (facts per file, last result)
  --no-color                        plain text even on a terminal

Options for graph:
  --format mermaid|dot|json         output format (default mermaid)
  --config FILE, --no-cache         as for check

Exit status: 0 clean, 1 findings at or above --fail-on (baselined ones do not count) or, with
--fail-on-stale-baseline, baselined findings that no longer occur; 2 usage or configuration error.
(graph: 0, or 2 for a usage or configuration error).`;

export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'github';
  fix: boolean;
  /** --diff: a git revision. */
  diff?: string;
  baselineFile?: string;
  writeBaseline: boolean;
  failOnStaleBaseline: boolean;
  addSuppressions: boolean;
  failOn: Severity | 'off';
  configFile?: string;
  cache: boolean;
  color: boolean;
  select?: Set<string>;
  ignore: Set<string>;
  showAll: boolean;
}

class UsageError extends Error {}

/** Without --format: annotations inside a GitHub Actions job (it sets GITHUB_ACTIONS=true), text elsewhere. */
export function defaultFormat(env: NodeJS.ProcessEnv = process.env): CheckOptions['format'] {
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'text';
}

function parseCheckArgs(args: string[]): CheckOptions {
  const opts: CheckOptions = {
    paths: [],
    format: defaultFormat(),
    fix: false,
    writeBaseline: false,
    failOnStaleBaseline: false,
    addSuppressions: false,
    failOn: 'warning',
    cache: true,
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
    ignore: new Set(),
    showAll: false,
  };
  const ruleList = (flag: string, v: string) => {
    const ids = v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (!ids.length) throw new UsageError(`${flag} needs one or more rule ids, separated by commas`);
    for (const id of ids) {
      if (!isRuleId(id))
        throw new UsageError(
          `${flag}: unknown rule "${id}"${suggest(
            id,
            RULES.map((r) => r.id),
          )}; \`script-contracts rule\` lists them`,
        );
    }
    return ids;
  };
  const value = (i: number, flag: string) => {
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let inline: string | undefined;
    if (a.startsWith('--') && a.includes('=')) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const take = () => (inline !== undefined ? inline : value(i++, a));
    switch (a) {
      case '--format': {
        const f = take();
        if (!['text', 'json', 'sarif', 'github'].includes(f)) throw new UsageError(`unknown format "${f}" (text, json, sarif, github)`);
        opts.format = f as CheckOptions['format'];
        break;
      }
      case '--fail-on': {
        const f = take();
        if (!['error', 'warning', 'information', 'hint', 'off'].includes(f))
          throw new UsageError(`--fail-on takes error, warning, information, hint or off (got "${f}")`);
        opts.failOn = f as CheckOptions['failOn'];
        break;
      }
      case '--config': {
        opts.configFile = resolve(take());
        if (!existsSync(opts.configFile)) throw new ConfigFileMissing(opts.configFile);
        if (statSync(opts.configFile).isDirectory())
          throw new ConfigFileMissing(opts.configFile, 'is a folder; --config takes a script-contracts.toml or pyproject.toml file');
        break;
      }
      case '--fix':
        opts.fix = true;
        break;
      case '--select':
        opts.select = new Set([...(opts.select ?? []), ...ruleList(a, take())]);
        break;
      case '--ignore':
        for (const id of ruleList(a, take())) opts.ignore.add(id);
        break;
      case '--show-all':
        opts.showAll = true;
        break;
      case '--diff': {
        const base = take();
        // A revision starting with "-" would reach git as an option.
        if (base === '' || base.startsWith('-')) throw new UsageError(`--diff takes a git revision (got "${base}")`);
        opts.diff = base;
        break;
      }
      case '--baseline':
        opts.baselineFile = resolve(take());
        break;
      case '--write-baseline':
        opts.writeBaseline = true;
        break;
      case '--fail-on-stale-baseline':
        opts.failOnStaleBaseline = true;
        break;
      case '--add-suppressions':
        opts.addSuppressions = true;
        break;
      case '--no-cache':
        opts.cache = false;
        break;
      case '--no-color':
        opts.color = false;
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        opts.paths.push(a);
    }
  }
  if (opts.writeBaseline && opts.diff !== undefined) throw new UsageError('--write-baseline accepts every finding; it cannot be combined with --diff');
  if (opts.writeBaseline && (opts.select || opts.ignore.size))
    throw new UsageError('--write-baseline accepts every finding; it cannot be combined with --select or --ignore');
  if (opts.writeBaseline && opts.addSuppressions) throw new UsageError('--write-baseline and --add-suppressions are two ways to accept findings: choose one');
  if (!opts.paths.length) opts.paths.push('.');
  for (const p of opts.paths) if (!existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  return opts;
}

class ConfigFileMissing extends Error {
  constructor(
    readonly file: string,
    reason = 'not found',
  ) {
    super(`configuration file ${file} ${reason === 'not found' ? 'not found' : reason}`);
  }
}

export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(parseCheckArgs(rest), out, err);
      case 'rule':
        return printRule(rest[0], out, err);
      case 'graph':
        return await graph(parseGraphArgs(rest), out, err);
      case '--version':
      case '-V':
        out(`script-contracts ${VERSION}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out(USAGE + '\n');
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigFileMissing) {
      err(`script-contracts: ${e.message}\n\n${e instanceof UsageError ? USAGE + '\n' : ''}`);
      return 2;
    }
    throw e;
  }
}

function printRule(id: string | undefined, out: (s: string) => void, err: (s: string) => void): number {
  if (!id) {
    for (const r of RULES) out(`${r.id.padEnd(28)} ${String(r.severity).padEnd(12)} ${r.summary}\n`);
    return 0;
  }
  if (!isRuleId(id)) {
    err(
      `script-contracts: unknown rule "${id}"${suggest(
        id,
        RULES.map((r) => r.id),
      )}; \`script-contracts rule\` lists them\n`,
    );
    return 2;
  }
  const file = ruleDocPath(id);
  if (!file) {
    const r = RULES.find((x) => x.id === id)!;
    out(`# ${r.id}\n\n${r.summary}\n`);
    return 0;
  }
  out(readFileSync(file, 'utf8'));
  return 0;
}

/**
 * The folder to index: the nearest folder at or above the paths' common
 * ancestor that holds a Script Contracts configuration or a .git folder
 * (contracts usually live beside, not under, the scripts being checked);
 * the common ancestor itself when there is none.
 */
function workspaceRoot(paths: string[]): string {
  const dirs = paths.map((p) => resolve(p)).map((p) => (statSync(p).isDirectory() ? p : dirname(p)));
  let common = dirs[0];
  while (!dirs.every((d) => d === common || d.startsWith(common + sep))) common = dirname(common);
  for (let dir = common; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'script-contracts.toml')) || existsSync(join(dir, '.git'))) return dir;
    if (readSmallTextFile(join(dir, 'pyproject.toml')).text?.includes('[tool.script-contracts')) return dir;
    if (dirname(dir) === dir) return common;
  }
}

/** Files are named by their real paths (host/workspace-paths.ts): so are the targets, or a path given through a link would select nothing. */
function inTargets(targets: string[], workspace: WorkspaceRoot): (file: string) => boolean {
  const canonical = targets.map((t) => workspace.canonical(t) ?? resolve(t));
  return (f) => canonical.some((t) => f === t || f.startsWith(t + sep));
}

function collect(loaded: LoadedProject): Finding[] {
  const findings: Finding[] = [];
  for (const file of loaded.project.files.keys()) findings.push(...loaded.project.check(file));
  return findings;
}

interface CheckResult {
  findings: Finding[];
  notices: Notice[];
  files: number;
  /** The loaded project, when this run analysed (rather than remembered) the workspace. */
  loaded?: LoadedProject;
  /** The configuration of the workspace root (its `baseline` key). */
  rootConfig: LoadedConfig;
}

/**
 * What a check needs: any result (a remembered one will do), the project (to
 * know which contract claims which script: --diff), or the project with every
 * file's bytes verified against the analysed ones (a run that writes files).
 */
type Need = 'result' | 'project' | 'verified';

/**
 * The whole workspace's findings and notices; with the cache on, the last
 * run's result when nothing it read has changed (result-memo.ts). A run that
 * will write fixes never trusts remembered positions: it loads the workspace
 * and compares every cached file's bytes with the ones analysed.
 */
async function checkWorkspace(root: string, opts: CheckOptions, need: Need = 'result'): Promise<CheckResult> {
  const scan = scanWorkspace(root, { configFile: opts.configFile });
  const explicit = scan.resolver.explicit;
  if (explicit?.errors.length)
    throw new ExplicitConfigError(
      explicit.errors.map((e) => `${e.key ? e.key + ': ' : ''}${e.message}`),
      explicit.file!,
    );
  const rootConfig = scan.resolver.forDir(scan.root);
  const key = opts.cache && need !== 'verified' ? scanKey(scan, opts.configFile) : undefined;
  const remembered = key && need === 'result' ? readResult(root, key) : undefined;
  if (remembered) return { ...remembered, rootConfig };
  const loaded = await loadProject(root, { cache: opts.cache, configFile: opts.configFile, scan, verifyContent: need === 'verified' });
  const result = { findings: collect(loaded), notices: loaded.notices, files: loaded.stats.files };
  if (key) writeResult(root, { key, ...result });
  return { ...result, loaded, rootConfig };
}

class ExplicitConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly file: string,
  ) {
    super(`configuration error in ${file}`);
  }
}

async function check(opts: CheckOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  const root = workspaceRoot(opts.paths);
  const workspace = WorkspaceRoot.of(root);
  const wanted = inTargets(opts.paths, workspace);
  const cwd = process.cwd();
  const rel = (f: string) => relative(cwd, f).split(sep).join('/') || '.';
  const show = (f: string) => printable(rel(f));
  // After each write the workspace is checked again, needing for the next step what the first check needed.
  const after = (written: boolean, need: Need) => (written ? checkWorkspace(root, opts, need) : Promise.resolve(result));
  const needAfterFix: Need = opts.addSuppressions ? 'verified' : opts.diff !== undefined ? 'project' : 'result';
  let result: CheckResult;
  try {
    result = await checkWorkspace(root, opts, opts.fix ? 'verified' : needAfterFix);
  } catch (e) {
    if (!(e instanceof ExplicitConfigError)) throw e;
    for (const p of e.problems) err(`script-contracts: configuration error in ${e.file}: ${p}\n`);
    return 2;
  }
  let fixedCount = 0;
  if (opts.fix && result.loaded) {
    const outcome = writeSafeFixes(
      result.findings.filter((f) => wanted(shownFile(f)) && (!opts.select || opts.select.has(f.rule)) && !opts.ignore.has(f.rule)),
      result.loaded.project,
      workspace,
    );
    for (const r of outcome.refused) err(`script-contracts: not fixed: ${r.file}: ${r.reason}\n`);
    fixedCount = outcome.fixed;
    result = await after(outcome.written.length > 0, needAfterFix);
  }
  // config-error is never filtered away: a broken configuration changes every other finding.
  const selected = (rule: string) => rule === 'config-error' || ((!opts.select || opts.select.has(rule)) && !opts.ignore.has(rule));

  const opened = openBaseline(workspace, result.rootConfig, opts.baselineFile, opts.writeBaseline, show);
  if ('error' in opened) {
    err(`script-contracts: ${opened.error}\n`);
    return 2;
  }
  let changed: ChangedLines | undefined;
  if (opts.diff !== undefined) {
    try {
      changed = new Map([...changedLinesSince(workspace.root, opts.diff)].map(([f, lines]) => [workspace.canonical(f) ?? f, lines]));
    } catch (e) {
      if (!(e instanceof DiffError)) throw e;
      err(`script-contracts: ${e.message}\n`);
      return 2;
    }
  }
  const checkedInBaseline = (r: string) => wanted(opened.fileOf(r));
  /** The findings this run reports: those of the targets, marked when the baseline accepts them, and only the changed ones with --diff. */
  const report = (res: CheckResult) => {
    const inTargets = res.findings.filter((f) => wanted(shownFile(f)));
    const match = opened.baseline
      ? matchBaseline(inTargets, opened.baseline, opened.relOf, checkedInBaseline)
      : { findings: inTargets, baselined: 0, stale: [] as BaselineEntry[] };
    const project = res.loaded?.project;
    // --select/--ignore narrow what is reported, after matching: entries of rules not shown are not stale.
    const matched = match.findings.filter((f) => selected(f.rule));
    const findings = changed && project ? onlyChanged(matched, changed, project) : matched;
    return { inTargets, findings, stale: match.stale.filter((e) => selected(e.rule)) };
  };

  if (opts.addSuppressions && result.loaded) {
    const outcome = writeSuppressions(
      report(result).findings.filter((f) => !f.baselined),
      result.loaded.project,
      workspace,
    );
    for (const s of outcome.skipped)
      err(
        `script-contracts: not suppressed: ${show(shownFile(s.finding))}:${s.finding.cell ? position(s.finding) : s.finding.range.start.line + 1}: ${s.finding.rule}: ${s.reason}\n`,
      );
    for (const r of outcome.refused) err(`script-contracts: not suppressed: ${show(r.file)}: ${r.reason}\n`);
    const n = outcome.suppressed;
    err(
      `script-contracts: added ${outcome.comments} suppression comment${outcome.comments === 1 ? '' : 's'} for ${n} finding${n === 1 ? '' : 's'} in ${outcome.written.length} file${outcome.written.length === 1 ? '' : 's'}\n`,
    );
    result = await after(outcome.written.length > 0, opts.diff !== undefined ? 'project' : 'result');
  }

  let reported = report(result);
  const configErrors = reported.inTargets.filter((f) => f.rule === 'config-error');
  if (opts.writeBaseline && !configErrors.length) {
    const written = acceptFindings(opened, reported.inTargets, wanted, show);
    if ('error' in written) {
      err(`script-contracts: ${written.error}\n`);
      return 2;
    }
    err(`script-contracts: ${written.message}\n`);
    opened.baseline = written.baseline;
    reported = report(result);
  }
  const findings = reported.findings;
  const rangeOf = (f: Finding) => f.cell?.range ?? f.range;
  findings.sort(
    (a, b) =>
      shownFile(a).localeCompare(shownFile(b)) ||
      (a.cell?.cell ?? -1) - (b.cell?.cell ?? -1) ||
      rangeOf(a).start.line - rangeOf(b).start.line ||
      rangeOf(a).start.character - rangeOf(b).start.character ||
      a.rule.localeCompare(b.rule),
  );
  const shown = findings.filter((f) => !f.baselined);
  const baselined = findings.length - shown.length;
  const notices = result.notices;
  for (const n of notices) err(`${printable(rel(n.file))}: ${printable(n.message)}\n`);
  const ms = performance.now() - t0;
  switch (opts.format) {
    case 'json':
      out(formatJson(findings, rel));
      break;
    case 'sarif':
      out(formatSarif(findings, rel, VERSION, { baseline: opened.baseline !== undefined }));
      break;
    case 'github':
      out(formatGithub(shown, rel));
      break;
    default:
      out(
        formatText(shown, rel, {
          color: opts.color,
          filesChecked: result.files,
          ms,
          fixed: fixedCount,
          baselined,
          // Findings that would fail the run are always listed.
          showAll: opts.showAll || (opts.failOn !== 'off' && SEVERITY_ORDER[opts.failOn] <= SEVERITY_ORDER.information),
        }),
      );
  }
  if (configErrors.length) {
    for (const f of configErrors) err(`script-contracts: configuration error in ${rel(f.file)}:${f.range.start.line + 1}: ${f.message}\n`);
    // Findings computed with a configuration that did not read are not the ones to accept.
    if (opts.writeBaseline) err(`script-contracts: the baseline was not written: fix the configuration first\n`);
    return 2;
  }
  const stale = reported.stale;
  if (stale.length) {
    const n = stale.reduce((k, e) => k + e.count, 0);
    if (opts.failOnStaleBaseline) for (const line of staleLines(stale, opened, show)) err(`script-contracts: stale baseline entry: ${line}\n`);
    err(
      `script-contracts: ${n} baselined finding${n === 1 ? '' : 's'} no longer occur${n === 1 ? 's' : ''}; check --write-baseline drops ${n === 1 ? 'it' : 'them'} from ${show(opened.location.file)}\n`,
    );
  }
  const failing = opts.failOn !== 'off' && shown.some((f) => SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER[opts.failOn as Severity]);
  return failing || (opts.failOnStaleBaseline && stale.length > 0) ? 1 : 0;
}

export interface GraphOptions {
  path: string;
  format: 'mermaid' | 'dot' | 'json';
  configFile?: string;
  cache: boolean;
}

function parseGraphArgs(args: string[]): GraphOptions {
  const opts: GraphOptions = { path: '.', format: 'mermaid', cache: true };
  let path: string | undefined;
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let inline: string | undefined;
    if (a.startsWith('--') && a.includes('=')) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const take = () => {
      if (inline !== undefined) return inline;
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--format': {
        const f = take();
        if (!['mermaid', 'dot', 'json'].includes(f)) throw new UsageError(`unknown graph format "${f}" (mermaid, dot, json)`);
        opts.format = f as GraphOptions['format'];
        break;
      }
      case '--config': {
        opts.configFile = resolve(take());
        if (!existsSync(opts.configFile)) throw new ConfigFileMissing(opts.configFile);
        break;
      }
      case '--no-cache':
        opts.cache = false;
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        if (path !== undefined) throw new UsageError('graph takes one PATH');
        path = a;
    }
  }
  opts.path = path ?? '.';
  if (!existsSync(opts.path)) throw new UsageError(`no such file or folder: ${opts.path}`);
  return opts;
}

/** The workspace's pipeline graph, with the findings on each edge's declarations. */
async function graph(opts: GraphOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const root = workspaceRoot([opts.path]);
  const scan = scanWorkspace(root, { configFile: opts.configFile });
  const explicit = scan.resolver.explicit;
  if (explicit?.errors.length) {
    for (const e of explicit.errors) err(`script-contracts: configuration error in ${explicit.file}: ${e.key ? e.key + ': ' : ''}${e.message}\n`);
    return 2;
  }
  const loaded = await loadProject(root, { cache: opts.cache, configFile: opts.configFile, scan });
  for (const n of loaded.notices) err(`${printable(relative(process.cwd(), n.file) || '.')}: ${printable(n.message)}\n`);
  const cwd = process.cwd();
  const rel = (f: string) => relative(cwd, f).split(sep).join('/') || '.';
  const view = pipelineView(loaded.project, rel, (file) => loaded.project.check(file));
  if (opts.format === 'json') out(JSON.stringify(view, null, 2) + '\n');
  else if (opts.format === 'dot') out(toDot(view));
  else out(toMermaid(view));
  return 0;
}

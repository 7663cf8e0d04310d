#!/usr/bin/env node
'use strict';
// The GitHub Action's entry (action.yml). No dependencies: only Node's own modules, so it runs as
// committed. Runs `script-contracts check` twice: --format json for the summary, the outputs and
// the exit status, then --format github for the annotations (the second run reuses the first's
// remembered result: nothing changed in between). Exits with the check's status.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const SEVERITIES = ['error', 'warning', 'information', 'hint'];
const ANNOTATE = { none: [], errors: ['error'], warnings: ['error', 'warning'], all: ['error', 'warning', 'notice'] };
const FIRST = 20; // findings listed in the summary

/** An input as GitHub passes it: INPUT_<NAME> with the name upper-cased (hyphens kept). */
function input(name, fallback = '') {
  const v = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

/** Splits a command line like a POSIX shell would, without expansions: quotes and backslashes. */
function splitArgs(s) {
  const out = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error('args: unterminated single quote');
      cur += s.slice(i + 1, end);
      i = end;
      has = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < s.length && s[j] !== '"'; j++) {
        if (s[j] === '\\' && j + 1 < s.length && '"\\$`'.includes(s[j + 1])) j++;
        cur += s[j];
      }
      if (j >= s.length) throw new Error('args: unterminated double quote');
      i = j;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** The command that runs script-contracts: the bundled release, or a version through npm exec. */
function command(version) {
  const launcher = path.join(__dirname, '..', 'bin', 'script-contracts.js');
  const bundled = fs.existsSync(path.join(__dirname, '..', 'dist', 'server.js'));
  if (!version && bundled) return { cmd: process.execPath, pre: [launcher], what: 'the bundled release' };
  const spec = !version ? 'script-contracts@latest' : /[/\\]|\.t(ar\.)?gz$|^[a-z]+:/i.test(version) ? version : `script-contracts@${version}`;
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return { cmd: npm, pre: ['exec', '--yes', `--package=${spec}`, '--', 'script-contracts'], what: spec, shell: process.platform === 'win32' };
}

const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const cell = (s) => String(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');

function summary(findings, prefix, code, what, stderr = '', baselined = 0) {
  if (code !== 0 && code !== 1) {
    const why = stderr.split('\n').find((l) => l.trim()) || '';
    return ['## Script Contracts', '', `**script-contracts check stopped with exit status ${code}** (a usage or configuration error): ${cell(why)}`, ''].join('\n');
  }
  const at = (f) => `${prefix}${f.file}:${f.line}:${f.column}`;
  const bySev = Object.fromEntries(SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length]));
  const files = new Set(findings.map((f) => f.file)).size;
  const lines = ['## Script Contracts', ''];
  if (!findings.length) lines.push('No findings.');
  else {
    const counts = SEVERITIES.filter((s) => bySev[s]).map((s) => `${bySev[s]} ${s === 'information' ? 'information' : s + (bySev[s] === 1 ? '' : 's')}`);
    lines.push(`**${findings.length} finding${findings.length === 1 ? '' : 's'}** in ${files} file${files === 1 ? '' : 's'}: ${counts.join(', ')}.`, '');
    lines.push('| Rule | Errors | Warnings | Information | Hints | Total |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    const rules = [...new Set(findings.map((f) => f.rule))].sort();
    for (const r of rules) {
      const of = findings.filter((f) => f.rule === r);
      lines.push(`| \`${r}\` | ${SEVERITIES.map((s) => of.filter((f) => f.severity === s).length).join(' | ')} | ${of.length} |`);
    }
    lines.push(`| **Total** | ${SEVERITIES.map((s) => bySev[s]).join(' | ')} | ${findings.length} |`, '');
    const first = [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)).slice(0, FIRST);
    lines.push(findings.length > FIRST ? `### First ${FIRST} findings (most severe first)` : '### Findings', '');
    lines.push('| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
    for (const f of first) lines.push(`| ${f.severity} | \`${cell(at(f))}\` | \`${f.rule}\` | ${cell(f.message)} |`);
    if (findings.length > FIRST) lines.push('', `…and ${findings.length - FIRST} more: run \`script-contracts check\` locally for all of them.`);
  }
  if (baselined) lines.push('', `${baselined} finding${baselined === 1 ? '' : 's'} in the baseline not shown.`);
  lines.push('', `<sub>script-contracts check exited ${code} (${cell(what)}).</sub>`, '');
  return lines.join('\n');
}

function main() {
  const annotate = input('annotate', 'all').toLowerCase();
  if (!(annotate in ANNOTATE)) return fail(`annotate must be one of ${Object.keys(ANNOTATE).join(', ')} (got "${annotate}")`);
  let args;
  try {
    args = splitArgs(input('args'));
  } catch (e) {
    return fail(e.message);
  }
  const baseline = input('baseline');
  if (baseline) args.push('--baseline', baseline); // needs a script-contracts release with --baseline
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd());
  const cwd = path.resolve(workspace, input('working-directory', '.'));
  if (!fs.existsSync(cwd) || !fs.statSync(cwd).isDirectory()) return fail(`working-directory ${cwd} is not a folder`);
  // Findings are named relative to cwd; annotations and the summary relative to the repository.
  const rel = path.relative(workspace, cwd).split(path.sep).join('/');
  const prefix = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? `${rel}/` : '';
  const run = command(input('version'));

  const exec = (format, extra) => spawnSync(run.cmd, [...run.pre, 'check', ...extra, '--format', format], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, shell: run.shell });
  const json = exec('json', args);
  if (json.error) return fail(`could not run ${run.what}: ${json.error.message}`);
  process.stderr.write(json.stderr || '');
  const code = json.status ?? 2;
  let findings = [];
  let baselined = 0;
  if (code === 0 || code === 1) {
    try {
      findings = JSON.parse(json.stdout);
    } catch {
      return fail(`script-contracts printed no JSON:\n${json.stdout}`);
    }
    // Findings the baseline accepts are in the JSON, marked; like the annotations, the summary and outputs count only the others.
    baselined = findings.filter((f) => f.baselined === true).length;
    findings = findings.filter((f) => f.baselined !== true);
  } else if (baseline && /unknown option --baseline/.test(json.stderr || '')) {
    process.stdout.write(`::error::The baseline input needs a script-contracts release with --baseline; ${run.what} has none. Set version, or remove baseline.\n`);
  }

  const levels = ANNOTATE[annotate];
  if (levels.length && findings.length) {
    // The first run wrote whatever was to be written (fixes, suppressions, a baseline).
    const gh = exec('github', args.filter((a) => !['--fix', '--add-suppressions', '--write-baseline'].includes(a)));
    const lines = (gh.stdout || '').split('\n').filter((l) => levels.some((lv) => l.startsWith(`::${lv} `)));
    for (const l of lines) process.stdout.write(`${prefix ? l.replace(/^(::\w+ file=)/, `$1${escapeProperty(prefix)}`) : l}\n`);
  }

  const count = (s) => findings.filter((f) => f.severity === s).length;
  if (process.env.GITHUB_STEP_SUMMARY) fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, summary(findings, prefix, code, run.what, json.stderr || '', baselined));
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `findings=${findings.length}\nerrors=${count('error')}\nwarnings=${count('warning')}\nbaselined=${baselined}\nexit-code=${code}\n`);
  return code;
}

function fail(message) {
  process.stdout.write(`::error::${escapeData(`script-contracts action: ${message}`)}\n`);
  return 2;
}

if (require.main === module) process.exitCode = main();
module.exports = { splitArgs, summary };

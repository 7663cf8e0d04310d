// Fixture-driven rule tests: a multi-file fixture with inline expectations.
//
//   //- /contracts/c.py
//   C = ScriptContract(entry_point="s.py", ...)
//   //- /s.py
//   x = input_paths["nope"]   # expect: undeclared-channel
//
// A trailing `# expect: rule-a, rule-b` says which findings start on that line
// (`rule@information` also pins the severity);
// every finding of the fixture must be expected and every expectation found.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Finding } from '../../server/src/core/model';
import { loadProject } from '../../server/src/host/loader';

// `rule` or `rule@severity` (the severity then must match too), comma-separated.
const EXPECT = /#\s*expect:\s*([a-z-]+(?:@[a-z]+)?(?:\s*,\s*[a-z-]+(?:@[a-z]+)?)*)\s*$/;

export function parseFixture(fixture: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  const flush = () => {
    if (current) files.set(current, lines.join('\n') + '\n');
  };
  for (const line of fixture.replace(/^\n/, '').split('\n')) {
    const m = /^\/\/- (\/\S+)$/.exec(line);
    if (m) {
      flush();
      current = m[1].slice(1);
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return files;
}

export interface Checked {
  dir: string;
  findings: Finding[];
}

/** Writes the fixture to a temporary folder, checks it, and compares findings with the `# expect:` markers. */
export async function check(fixture: string, inspect?: (r: Checked) => void | Promise<void>): Promise<Finding[]> {
  const files = parseFixture(fixture);
  const dir = mkdtempSync(join(tmpdir(), 'sc-fixture-'));
  try {
    const expected: string[] = [];
    for (const [name, text] of files) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
      text.split('\n').forEach((line, i) => {
        const m = EXPECT.exec(line);
        if (m) for (const rule of m[1].split(',')) expected.push(`${name}:${i + 1}: ${rule.trim()}`);
      });
    }
    const { project } = await loadProject(dir, { cache: false });
    const findings = [...project.checkAll().values()].flat();
    const withSeverity = new Set(expected.filter((e) => e.includes('@')).map((e) => e.slice(0, e.indexOf('@'))));
    const actual = findings.map((f) => {
      const at = `${f.file.slice(dir.length + 1)}:${f.range.start.line + 1}: ${f.rule}`;
      return withSeverity.has(at) ? `${at}@${f.severity}` : at;
    });
    const detail = findings.map((f) => `  ${f.file.slice(dir.length + 1)}:${f.range.start.line + 1}: ${f.rule}@${f.severity}: ${f.message}`).join('\n');
    assert.deepEqual(actual.sort(), expected.sort(), `findings differ from the # expect: markers; all findings:\n${detail}`);
    await inspect?.({ dir, findings });
    return findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

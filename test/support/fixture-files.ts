// Rule fixture files (test/fixtures/rules/<rule-id>.txt): one file per rule,
// holding cases that each start with `//== <name>` and are multi-file fixtures
// in the `//- /path` format with `# expect:` markers (test/support/markers.ts).
// Every rule has one with at least a defect it must report and a trap it must
// not (test/unit/rule-registry.test.ts checks that the file exists).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rules');

export interface FixtureCase {
  name: string;
  text: string;
}

export function fixtureCases(file: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  let current: FixtureCase | undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\/\/== (.+)$/.exec(line);
    if (m) {
      current = { name: m[1], text: '' };
      cases.push(current);
    } else if (current) current.text += line + '\n';
  }
  return cases;
}

export function fixtureFiles(): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .sort();
}

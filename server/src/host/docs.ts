// Where the rule documentation lives: next to the bundle in a packaged
// extension (dist/../docs), or in the repository during development.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let cached: string | undefined;

export function docsDir(): string | undefined {
  if (cached) return cached;
  for (const candidate of [join(__dirname, '..', 'docs'), join(__dirname, '..', '..', '..', 'docs'), join(__dirname, '..', '..', '..', '..', 'docs')]) {
    if (existsSync(join(candidate, 'rules'))) return (cached = candidate);
  }
  return undefined;
}

export function ruleDocPath(rule: string): string | undefined {
  const dir = docsDir();
  const file = dir && join(dir, 'rules', `${rule}.md`);
  return file && existsSync(file) ? file : undefined;
}

/** A link users can open: the bundled page as a file URL. */
export function ruleDocUrl(rule: string): string | undefined {
  const file = ruleDocPath(rule);
  return file ? pathToFileURL(file).href : undefined;
}

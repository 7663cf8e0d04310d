// `check --diff BASE`: the lines changed since a git revision. git is the one
// program this tool ever starts, and only here: no shell, the revision refused
// when it could be read as an option, and the hooks git would run for a diff
// turned off (external diff drivers, text conversion, the fsmonitor hook).
// Clean filters that the repository's own git configuration sets still run, as
// they do for any git command in that folder.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Changed lines (0-based) of each file, by absolute path; `all` for a file git does not track yet. */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export class DiffError extends Error {}

const GIT_OPTIONS = ['-c', 'core.quotePath=false', '-c', 'core.fsmonitor=false', '--no-pager'];

function git(root: string, args: string[]): string {
  const r = spawnSync('git', [...GIT_OPTIONS, ...args], {
    cwd: root,
    shell: false,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new DiffError(code === 'ENOENT' ? '--diff needs git, and there is no git on PATH' : `could not run git: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const why = (r.stderr || '').trim();
    if (/not a git repository/i.test(why)) throw new DiffError(`--diff compares with a git revision, but ${root} is not in a git repository`);
    throw new DiffError(`git ${args[0]} failed: ${why.split('\n')[0] || `exit status ${r.status}`}`);
  }
  return r.stdout;
}

/**
 * The lines changed between `base` and the working tree, for the files under
 * `root` (git diff --relative, run in `root`), plus every line of the files
 * git does not track yet (a new script not added is new code too).
 */
export function changedLinesSince(root: string, base: string): ChangedLines {
  if (base === '' || base.startsWith('-')) throw new DiffError(`--diff takes a git revision, not "${base}"`);
  const diff = git(root, [
    'diff',
    '--unified=0',
    '--no-color',
    '--no-ext-diff',
    '--no-textconv',
    '--relative',
    '--src-prefix=a/',
    '--dst-prefix=b/',
    base,
    '--',
  ]);
  const out: ChangedLines = new Map();
  for (const [rel, lines] of parseUnifiedDiff(diff)) out.set(join(root, rel), lines);
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
  for (const rel of untracked.split('\0')) if (rel) out.set(join(root, rel), 'all');
  return out;
}

/**
 * Changed lines per file of a `git diff --unified=0` (new-side line numbers,
 * 0-based). A file renamed or copied without content changes is listed with no
 * lines; a deleted file is not listed.
 */
export function parseUnifiedDiff(text: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let file: Set<number> | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  const lines = text.split('\n');
  const touch = (path: string) => {
    let set = out.get(path);
    if (!set) out.set(path, (set = new Set()));
    return set;
  };
  for (const line of lines) {
    if (oldLeft > 0 || newLeft > 0) {
      // Inside a hunk: its counted lines are content, whatever they look like ("+++ x" can be an added line).
      if (line.startsWith('\\')) continue;
      if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('+')) newLeft--;
      else {
        oldLeft--;
        newLeft--;
      }
      continue;
    }
    if (line.startsWith('diff --git ')) file = undefined;
    else if (line.startsWith('+++ ')) {
      const path = headerPath(line.slice(4));
      file = path === undefined ? undefined : touch(path);
    } else if (line.startsWith('rename to ') || line.startsWith('copy to ')) {
      touch(unquote(line.slice(line.indexOf(' to ') + 4)));
    } else if (line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      const start = Number(m[2]);
      newLeft = m[3] === undefined ? 1 : Number(m[3]);
      for (let i = 0; i < newLeft; i++) file?.add(start - 1 + i);
    }
  }
  return out;
}

/** The new-side path of a `+++` header, without its `b/` prefix; undefined for /dev/null (a deleted file). */
function headerPath(raw: string): string | undefined {
  const name = unquote(raw);
  if (name === '/dev/null') return undefined;
  return name.startsWith('b/') ? name.slice(2) : name;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** A path as git prints it: C-quoted (octal escapes are UTF-8 bytes) when it holds special characters; else as is, less the tab git adds after a name with a space. */
export function unquote(raw: string): string {
  if (!raw.startsWith('"')) return raw.endsWith('\t') ? raw.slice(0, -1) : raw;
  const bytes: number[] = [];
  let plain = '';
  const flush = () => {
    bytes.push(...new TextEncoder().encode(plain));
    plain = '';
  };
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i];
    if (c === '"') break;
    if (c !== '\\') {
      plain += c;
      continue;
    }
    flush();
    const next = raw[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(raw.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
  }
  flush();
  return new TextDecoder().decode(new Uint8Array(bytes));
}

// Dockerfiles as the map from container paths to workspace files: a Kubeflow
// component runs `/pipelines/component/src/train.py`, and the image's
// Dockerfile says which file of its build context that is (`COPY ./src
// /pipelines/component/src`). Only the final stage counts; `COPY --from=`
// copies from another image, not from the workspace. The build context is
// the Dockerfile's folder or, when its sources are not there, a folder above it.
import type { DockerfileFacts } from '../facts';
import { basename, dirname, join } from '../paths';

/** Files named as Dockerfiles: `Dockerfile`, `Dockerfile.gpu`, `train.Dockerfile`. */
export function isDockerfileName(file: string): boolean {
  const b = basename(file);
  return /^Dockerfile(?:[.-][\w.-]+)?$/i.test(b) || /\.dockerfile$/i.test(b);
}

const MAX_INSTRUCTIONS = 5000;

export function extractDockerfile(text: string): DockerfileFacts {
  const lines = text.split(/\r\n|\r|\n/);
  const facts: DockerfileFacts = { format: 'dockerfile', lineCount: lines.length, copies: [] };
  // '' while the final stage sets no WORKDIR: the base image's, which the checker cannot see.
  let workdir = '';
  let vars = new Map<string, string>();
  const args = new Map<string, string>();
  let count = 0;
  for (let i = 0; i < lines.length && count < MAX_INSTRUCTIONS; i++) {
    let line = lines[i];
    if (/^\s*#/.test(line) || !line.trim()) continue;
    // Continuation lines (comment lines inside a continued instruction are dropped, as Docker does).
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      i++;
      if (/^\s*#/.test(lines[i])) continue;
      line = line.replace(/\\\s*$/, ' ') + lines[i];
    }
    count++;
    const m = /^\s*(\w+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1].toUpperCase();
    const rest = m[2].trim();
    const expand = (s: string): string | undefined => {
      let unknown = false;
      const out = s.replace(/\$(?:\{(\w+)(?::-([^}]*))?\}|(\w+))/g, (_all, a: string | undefined, d: string | undefined, b: string | undefined) => {
        const name = (a ?? b)!;
        const value = vars.get(name) ?? args.get(name) ?? d;
        if (value === undefined) unknown = true;
        return value ?? '';
      });
      return unknown ? undefined : out;
    };
    switch (op) {
      case 'FROM':
        // A new stage: what earlier stages copied is not in the final image.
        facts.copies = [];
        workdir = '';
        vars = new Map();
        break;
      case 'ARG': {
        const a = /^(\w+)(?:=(.*))?$/.exec(rest);
        if (a && a[2] !== undefined) args.set(a[1], unquote(a[2]));
        break;
      }
      case 'ENV': {
        // `ENV K V` or `ENV K=V K2=V2`.
        if (/^\w+=/.test(rest)) {
          for (const kv of rest.matchAll(/(\w+)=("[^"]*"|'[^']*'|\S+)/g)) {
            const value = expand(unquote(kv[2]));
            if (value !== undefined) vars.set(kv[1], value);
            else vars.delete(kv[1]);
          }
        } else {
          const kv = /^(\w+)\s+(.*)$/.exec(rest);
          if (kv) {
            const value = expand(unquote(kv[2].trim()));
            if (value !== undefined) vars.set(kv[1], value);
          }
        }
        break;
      }
      case 'WORKDIR': {
        const w = expand(unquote(rest));
        workdir = w === undefined || (!w.startsWith('/') && workdir === '') ? '' : w.startsWith('/') ? join('/', w) : join(workdir, w);
        break;
      }
      case 'COPY':
      case 'ADD': {
        const words = instructionWords(rest);
        if (!words || words.some((w) => /^--from[= ]/.test(w))) break;
        const plain = words.filter((w) => !w.startsWith('--'));
        if (plain.length < 2) break;
        const destRaw = expand(plain[plain.length - 1]);
        const sources = plain.slice(0, -1).map(expand);
        if (destRaw === undefined || sources.some((s) => s === undefined || /^https?:/.test(s))) break;
        if (!destRaw.startsWith('/') && workdir === '') {
          // Relative to the base image's WORKDIR, which the checker cannot see: where these land is not known.
          facts.unplacedCopies = [...(facts.unplacedCopies ?? []), ...(sources as string[])];
          break;
        }
        const dest = destRaw.startsWith('/') ? join('/', destRaw) : join(workdir, destRaw);
        const destIsDir = destRaw.endsWith('/') || destRaw === '.' || sources.length > 1 || /[*?]/.test(sources[0]!);
        facts.copies.push({ sources: sources as string[], dest, destIsDir });
        break;
      }
    }
  }
  // An empty workdir is one the checker could not read (a variable it does not know).
  if (workdir) facts.workdir = workdir;
  return facts;
}

function unquote(s: string): string {
  const m = /^(["'])(.*)\1$/.exec(s.trim());
  return m ? m[2] : s.trim();
}

/** The words of a COPY/ADD: the JSON form `["a", "b"]` or whitespace-separated. */
function instructionWords(rest: string): string[] | undefined {
  if (rest.startsWith('[')) {
    try {
      const v = JSON.parse(rest);
      return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return rest.split(/\s+/).filter(Boolean);
}

/**
 * The workspace file a container path comes from under one Dockerfile, or undefined. `exists` says
 * whether a workspace file exists; later copies win over earlier ones, as in the image.
 */
/**
 * The folders the image may be built from, nearest first: the Dockerfile's own, then a few above it
 * (`docker build -f sub/Dockerfile .` from a parent is common; the sources a COPY names tell which).
 */
export function buildContexts(dockerfile: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(dockerfile), k = 0; k <= MAX_CONTEXT_UP; k++, dir = dirname(dir)) {
    if (out.includes(dir)) break;
    out.push(dir);
  }
  return out;
}

const MAX_CONTEXT_UP = 3;

export function fileForContainerPath(facts: DockerfileFacts, dockerfile: string, containerPath: string, exists: (file: string) => boolean): string | undefined {
  for (const context of buildContexts(dockerfile)) {
    const f = fileInContext(facts, context, containerPath, exists);
    if (f) return f;
  }
  return undefined;
}

function fileInContext(facts: DockerfileFacts, context: string, containerPath: string, exists: (file: string) => boolean): string | undefined {
  const p = join('/', containerPath);
  for (let k = facts.copies.length - 1; k >= 0; k--) {
    const copy = facts.copies[k];
    for (const source of copy.sources) {
      const src = source.replace(/^\.\/?/, '') || '.';
      if (/[*?[]/.test(src)) {
        // `COPY *.py /app/`: files of the pattern's folder land in dest.
        if (dirname(p) !== copy.dest.replace(/\/$/, '')) continue;
        const re = new RegExp(
          `^${basename(src)
            .replace(/[.+^${}()|\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]')}$`,
        );
        if (!re.test(basename(p))) continue;
        const f = join(context, dirname(src) === '.' ? '' : dirname(src), basename(p));
        if (exists(f)) return f;
        continue;
      }
      // The source as a file: copied to dest (or into dest/ under its own name).
      const asFile = copy.destIsDir ? join(copy.dest, basename(src)) : copy.dest;
      if (asFile === p) {
        const f = join(context, src);
        if (exists(f)) return f;
      }
      // The source as a folder: its contents land in dest.
      const prefix = copy.dest === '/' ? '/' : `${copy.dest.replace(/\/$/, '')}/`;
      if (p.startsWith(prefix)) {
        const f = join(context, src, p.slice(prefix.length));
        if (exists(f)) return f;
      }
    }
  }
  return undefined;
}

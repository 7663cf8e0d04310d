// Where a component's program is in the workspace. Azure ML uploads the code
// folder and runs the command in it: the program is the code folder joined
// with `train.py` (or a module's file). A Kubeflow component runs a path of its
// image: a Dockerfile's COPY says which workspace file that is. When the
// answer is not certain, the program is not found, and why is kept for
// missing-script (a warning only when a file named like the program is where
// the definition suggests, which makes the misalignment plain).
import type { ContractDecl, DockerfileFacts } from '../facts';
import { basename, dirname, join, relativeTo } from '../paths';
import { buildContexts, fileForContainerPath } from './dockerfile';

export interface ProgramResolution {
  /** The program's file. */
  file?: string;
  /** The Dockerfile (Kubeflow) or the code folder (Azure ML) it was found through. */
  via?: string;
  /** Why it was not found, for a message (`... the code folder src holds no train.py`). */
  reason?: string;
  /** A file named like the program where the definition points: the likely intended program. */
  guess?: string;
  /** How sure the finding that it is missing is. */
  severity?: 'warning' | 'information';
}

export interface ProgramLookup {
  exists(file: string): boolean;
  dockerfiles(): { file: string; facts: DockerfileFacts }[];
  /** Workspace files under a folder, sorted. */
  filesUnder(dir: string): string[];
  /** Is the folder inside the workspace (else what it holds is not known)? */
  inWorkspace(dir: string): boolean;
}

export function componentProgram(c: ContractDecl, look: ProgramLookup): ProgramResolution {
  const info = c.component;
  if (!info) return {};
  if (info.unresolved) return { reason: info.unresolved, severity: 'information' };
  if (info.codeDirs && info.programPaths) {
    const found = azureProgram(info.codeDirs, info.programPaths, info.baseDir, look);
    // `git clone X && cd X && python y.py`: a folder the command changes into may be one it makes itself.
    if (!found.file && info.cwd && !info.codeDirs.some((d) => look.filesUnder(d).length))
      return { reason: `the command changes to ${info.cwd}, which the code folder does not hold (the command may make it)`, severity: 'information' };
    return found;
  }
  if (info.containerProgram !== undefined) return kubeflowProgram(info.containerProgram, info.baseDir, look);
  return { reason: 'the command names no program', severity: 'information' };
}

function azureProgram(codeDirs: string[], programPaths: string[], base: string, look: ProgramLookup): ProgramResolution {
  // `code: ./train.py`: the code may be one file, uploaded alone, which the command then runs by its name.
  for (const dir of codeDirs) if (look.exists(dir) && programPaths.includes(basename(dir))) return { file: dir, via: dirname(dir) };
  for (const dir of codeDirs) {
    for (const p of programPaths) {
      const f = join(dir, p);
      if (look.exists(f)) return { file: f, via: dir };
    }
  }
  // The nearest code folder that exists: the program is missing from it.
  for (const dir of codeDirs) {
    const inside = look.filesUnder(dir);
    if (!inside.length) continue;
    const wanted = basename(programPaths[0]);
    const guess = inside.find((f) => basename(f) === wanted);
    const rel = (f: string) => relativeTo(dir, f);
    return {
      reason: `the code folder ${relativeTo(base, dir) || '.'} holds no ${programPaths.join(' or ')}${guess ? ` (there is ${rel(guess)})` : ''}`,
      via: dir,
      guess,
      severity: 'warning',
    };
  }
  const known = codeDirs.length === 1 && look.inWorkspace(codeDirs[0]);
  return {
    reason: known
      ? `its code folder ${relativeTo(base, codeDirs[0]) || codeDirs[0]} does not exist`
      : `its code folder ${codeDirs.length === 1 ? codeDirs[0] : relativeTo(base, codeDirs[codeDirs.length - 1])} is not in this workspace`,
    severity: known ? 'warning' : 'information',
  };
}

/** Does the Dockerfile copy workspace files into the program's folder, or a folder inside it or around it, all of them present? */
function laysOut(facts: DockerfileFacts, dockerfile: string, program: string, look: ProgramLookup): boolean {
  const folder = dirname(join('/', program));
  const under = (a: string, b: string) => a === b || a.startsWith(b.endsWith('/') ? b : `${b}/`);
  const covering = facts.copies.filter((c) => c.dest !== '/' && (under(c.dest, folder) || under(folder, c.dest)));
  if (!covering.length) return false;
  const present = (src: string) => {
    const s = src.replace(/^\.\/?/, '') || '.';
    if (/[*?[]/.test(s)) return true;
    return buildContexts(dockerfile).some((ctx) => look.exists(join(ctx, s)) || look.filesUnder(join(ctx, s)).length > 0);
  };
  return covering.every((c) => c.sources.every(present));
}

function kubeflowProgram(program: string, base: string, look: ProgramLookup): ProgramResolution {
  const all = look.dockerfiles();
  const here = all.filter((d) => dirname(d.file) === base);
  const absolute = program.startsWith('/');
  const containerPath = (d: DockerfileFacts) => (absolute ? program : d.workdir !== undefined ? join(d.workdir, program) : undefined);
  const mapped = (list: typeof all) =>
    list.flatMap((d) => {
      const p = containerPath(d.facts);
      const f = p !== undefined ? fileForContainerPath(d.facts, d.file, p, look.exists) : undefined;
      return f ? [{ file: f, via: d.file }] : [];
    });
  const own = mapped(here);
  if (own.length) return own[0];
  // A file named like the program beside the component: what the command meant to run.
  const near = look.filesUnder(base).filter((f) => basename(f) === basename(program));
  if (here.length) {
    const d = here[0];
    const p = containerPath(d.facts);
    const copies = [
      ...d.facts.copies.map((x) => `${x.sources.join(' ')} to ${x.dest}`),
      ...(d.facts.unplacedCopies?.length ? [`${d.facts.unplacedCopies.join(' ')} to a folder of the base image's WORKDIR`] : []),
    ].join(', ');
    const where =
      p === undefined
        ? `${relativeTo(base, d.file)} sets no WORKDIR, so where the relative ${program} is depends on the base image`
        : `${relativeTo(base, d.file)} puts nothing at ${p} (it copies ${copies || 'nothing from the workspace'})`;
    // Certain enough to warn only when the image's layout is the Dockerfile's own and the intended file is plain:
    // it copies workspace files that exist into the program's folder (or around it), and nothing to a place
    // only the base image knows. A base image built elsewhere, or a build output copied in, may hold the program.
    const own = p !== undefined && !d.facts.unplacedCopies?.length && laysOut(d.facts, d.file, p, look);
    return { reason: where, guess: near[0], severity: near.length === 1 && own ? 'warning' : 'information' };
  }
  // No Dockerfile beside the component: one elsewhere that maps the path to a single file.
  const elsewhere = [...new Set(mapped(all).map((m) => m.file))];
  if (elsewhere.length === 1) return { file: elsewhere[0], via: mapped(all).find((m) => m.file === elsewhere[0])!.via };
  if (!absolute) {
    const f = join(base, program);
    if (look.exists(f)) return { file: f };
  } else {
    // `/pipelines/component/src/train.py` and `<component>/src/train.py`: the last two segments, once.
    const tail = program.split('/').filter(Boolean).slice(-2).join('/');
    const matches = look.filesUnder(base).filter((f) => f.replace(/\\/g, '/').endsWith(`/${tail}`));
    if (tail.includes('/') && matches.length === 1) return { file: matches[0] };
  }
  return {
    reason:
      elsewhere.length > 1
        ? `several Dockerfiles put a different file at ${program}`
        : `no Dockerfile of this workspace puts ${program} in an image${near.length ? '' : ', and no file beside the component is named like it'}`,
    guess: near.length === 1 ? near[0] : undefined,
    severity: 'information',
  };
}

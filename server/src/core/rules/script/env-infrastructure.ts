// Environment variables that are the platform's or the repository's plumbing
// rather than a step's settings: a package-index switch that a shared helper,
// copied into many scripts, reads with a default. undeclared-env-var reports
// such a variable once per workspace, at information, never once per script.
import type { ContractDecl } from '../../facts';
import { basename } from '../../paths';
import type { Project } from '../../project';
import type { RuleContext } from '../context';

/** This many scripts or more reading a variable, every time with a default, make it infrastructure. */
export const INFRASTRUCTURE_READERS = 3;

/** Contracts declaring each variable (required or optional), across the workspace. */
export function declaringContracts(project: Project): Map<string, ContractDecl[]> {
  const d = project.declarations();
  // Cached on the declarations object: rebuilt only when declarations are.
  const cache = d as typeof d & { envDeclarers?: Map<string, ContractDecl[]> };
  if (cache.envDeclarers) return cache.envDeclarers;
  const out = new Map<string, ContractDecl[]>();
  for (const c of d.contracts) {
    for (const e of [...c.requiredEnv, ...c.optionalEnv]) {
      const list = out.get(e.name) ?? [];
      if (!list.includes(c)) list.push(c);
      out.set(e.name, list);
    }
  }
  cache.envDeclarers = out;
  return out;
}

/** How many of the scripts reading the variable are claimed by a contract that declares it. */
export function declaredShare(project: Project, name: string): { readers: string[]; declaring: number } {
  const readers = project.envUsage().get(name)?.files ?? [];
  const declarers = new Set(declaringContracts(project).get(name) ?? []);
  let declaring = 0;
  for (const f of readers) if (project.contractsOf(f).some((c) => declarers.has(c))) declaring++;
  return { readers, declaring };
}

/**
 * Is the variable infrastructure (see above), and which scripts read it? Many readers, every read
 * defaulted, and declared for fewer than half of them: the few contracts that declare it (a training
 * step that switches the package index on) do not make it every step's setting.
 */
export function infrastructure(project: Project, name: string): string[] | undefined {
  const usage = project.envUsage().get(name);
  if (!usage?.allDefaulted || usage.files.length < INFRASTRUCTURE_READERS) return undefined;
  const { declaring } = declaredShare(project, name);
  if (declaring * 2 >= usage.files.length) return undefined;
  return usage.files;
}

/**
 * A default that only stands in for a value someone must provide: documentation
 * placeholders (RFC 2606 example domains, AWS's example account 123456789012,
 * "changeme", "<your-...>", TODO). Reading it is as good as reading nothing.
 */
export function isPlaceholderDefault(text: string | undefined): boolean {
  if (!text) return false;
  return /\bexample\.(com|org|net|internal)\b|\.example\b|\b123456789012\b|change[-_ ]?me|\byour[-_ ]|<[^<>]+>|\bTODO\b|\bFIXME\b|\bREPLACE[-_]ME\b/i.test(
    text,
  );
}

/**
 * A file whose code puts the variable into a job environment and can be this step's: named for this
 * script (`config_<stem>_step.py`), or named for no step at all (a shared base class). A file named for
 * another step (the sibling's config) sets it for that step only.
 */
export function producerFor(ctx: RuleContext, name: string): string | undefined {
  const producers = ctx.project
    .envProducers()
    .get(name)
    ?.filter((f) => f !== ctx.file);
  if (!producers?.length) return undefined;
  const own = basename(ctx.file).replace(/\.py$/, '');
  const others = [...ctx.project.declarations().contractsByEntry.keys()].map((b) => b.replace(/\.py$/, '')).filter((st) => st !== own);
  return producers.find((f) => {
    const stem = basename(f)
      .replace(/\.py$/, '')
      .replace(/^(config|builder|builders)_/, '')
      .replace(/_(step|config|builder)$/, '');
    return hasWords(stem, own) || !others.some((st) => hasWords(stem, st));
  });
}

/** `a` holds `b` as whole `_`-separated words: `bedrock_batch_processing` holds `batch_processing`, not `bedrock_processing`. */
function hasWords(a: string, b: string): boolean {
  return `_${a}_`.includes(`_${b}_`);
}

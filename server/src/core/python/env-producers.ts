// Environment variables that workspace code puts into a job's environment: the keys of dicts built in
// functions named for it (`get_environment_variables`, `_build_env`) and of `environment={...}` /
// `env={...}` arguments. A step builder that merges such a dict sets the variable whether or not a
// contract declares it. Read from the text (no tree): config classes are often large, and their
// methods would otherwise be outside a partial parse.

/** A variable-shaped key: `"LABEL_FIELD": ...` or `["LABEL_FIELD"] = ...`. */
const KEY = /["']([A-Z][A-Z0-9_]{2,})["']\s*(?::|\]\s*=)/g;
const ENV_DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w*env\w*)[ \t]*\(/gim;
const ENV_ARGUMENT = /\b(?:env|environment|env_vars|environment_variables)\s*=\s*\{/g;
/** A function body or argument longer than this is not read further (bounded work on any input). */
const MAX_SCAN = 20_000;

export function producedEnvNames(text: string): string[] {
  if (!/env/i.test(text)) return [];
  const out = new Set<string>();
  const collect = (chunk: string) => {
    for (const m of chunk.matchAll(KEY)) {
      // `"K": os.environ.get("K")` passes a value through; it sets nothing new.
      const after = chunk.slice(m.index! + m[0].length, m.index! + m[0].length + 40);
      if (/^\s*os\.(environ|getenv)/.test(after)) continue;
      out.add(m[1]);
    }
  };
  for (const m of text.matchAll(ENV_DEF)) {
    const indent = m[1].length;
    const start = text.indexOf('\n', m.index!) + 1;
    if (start === 0) continue;
    let end = start;
    while (end < text.length && end - start < MAX_SCAN) {
      const next = text.indexOf('\n', end);
      const line = text.slice(end, next === -1 ? text.length : next);
      const lead = /^[ \t]*/.exec(line)![0].length;
      if (line.trim() !== '' && !line.trimStart().startsWith('#') && lead <= indent) break;
      end = next === -1 ? text.length : next + 1;
    }
    collect(text.slice(start, end));
  }
  for (const m of text.matchAll(ENV_ARGUMENT)) {
    let depth = 0;
    let i = m.index! + m[0].length - 1;
    const stop = Math.min(text.length, i + MAX_SCAN);
    for (; i < stop; i++) {
      const ch = text[i];
      if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) break;
    }
    collect(text.slice(m.index!, i + 1));
  }
  return [...out].sort();
}

// Reads a `*.step.yaml` interface: a `contract:` block and a `spec:` block.
// The YAML library reports positions, duplicate keys and syntax errors; we
// refuse to expand aliases beyond a small bound (alias bombs).
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { commentableLines, coveredFrom, ruleList, SUPPRESSION_RE, suppressionRemoval } from '../suppression';
import type {
  ChannelDecl,
  ContractDecl,
  Duplicate,
  InsertAnchor,
  KeywordRole,
  KeywordUse,
  Layout,
  NamedDecl,
  SpecDecl,
  SpecVariant,
  Suppression,
  YamlFacts,
} from '../facts';
import type { Direction, Range } from '../model';

/**
 * The keys each block of a step interface accepts. schemas/step.schema.json
 * (the YAML extension's schema) declares exactly these; a test keeps the two equal.
 */
export const STEP_YAML_KEYS = {
  top: ['contract', 'spec', 'step_type', 'node_type', 'registry', 'variants'],
  contract: ['entry_point', 'inputs', 'outputs', 'env_vars', 'arguments', 'job_arguments', 'description', 'framework_requirements'],
  spec: ['step_type', 'node_type', 'dependencies', 'outputs', 'description'],
  dependency: ['type', 'dependency_type', 'required', 'compatible_sources', 'semantic_keywords', 'data_type', 'description', 'logical_name'],
  output: ['type', 'output_type', 'property_path', 'data_type', 'description', 'aliases', 'logical_name'],
  channel: ['path', 'required', 'description'],
} as const satisfies Record<string, readonly string[]>;
const CONTRACT_KEYS = [...STEP_YAML_KEYS.contract];
const SPEC_KEYS = [...STEP_YAML_KEYS.spec];
const DEPENDENCY_KEYS = [...STEP_YAML_KEYS.dependency];
const OUTPUT_KEYS = [...STEP_YAML_KEYS.output];
const CHANNEL_KEYS = [...STEP_YAML_KEYS.channel];

export function extractYaml(file: string, text: string): YamlFacts {
  const lineCounter = new LineCounter();
  const lines = text.split(/\r\n|\r|\n/);
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: true });
  const pos = (offset: number) => {
    // Clamp: error offsets can point past a line's end (or the text's), and ranges must stay inside the document.
    const p = lineCounter.linePos(Math.min(Math.max(0, offset), text.length));
    const line = Math.min(Math.max(0, p.line - 1), lines.length - 1);
    return { line, character: Math.min(Math.max(0, p.col - 1), lines[line].length) };
  };
  const rangeOf = (node: YamlNode | Pair | null | undefined): Range => {
    const r = node && 'range' in node ? node.range : undefined;
    if (r) return { start: pos(r[0]), end: pos(r[1]) };
    if (node && 'key' in node) {
      const k = node.key as YamlNode | undefined;
      const v = node.value as YamlNode | undefined;
      const s = k?.range?.[0] ?? 0;
      const e = v?.range?.[1] ?? k?.range?.[1] ?? s;
      return { start: pos(s), end: pos(e) };
    }
    return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  };
  const facts: YamlFacts = { format: 'yaml', lineCount: lines.length, problems: [], suppressions: yamlSuppressions(text, lines) };
  for (const err of doc.errors) {
    facts.problems.push({ message: err.message.split('\n')[0], range: { start: pos(err.pos[0]), end: pos(err.pos[1]) } });
  }
  let root: unknown;
  try {
    root = doc.contents;
  } catch {
    return facts;
  }
  if (!isMap(root)) {
    if (root !== null && root !== undefined)
      facts.problems.push({ message: 'a step interface must be a mapping with `contract:` and/or `spec:` keys', range: rangeOf(root as YamlNode) });
    return facts;
  }

  // With merge keys on, the library reads a `<<` key as a scalar holding Symbol('<<').
  const keyName = (pair: Pair): string | undefined =>
    isScalar(pair.key) ? (typeof pair.key.value === 'symbol' ? pair.key.value.description : String(pair.key.value)) : undefined;
  const entries = (map: YAMLMap): Pair[] => effectiveEntries(map, doc, keyName);
  const get = (map: YAMLMap, key: string): Pair | undefined => entries(map).find((p) => keyName(p) === key);
  const scalarText = (node: unknown): string | undefined =>
    isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;

  const layoutOfMap = (map: YAMLMap, parentPair: Pair): Layout => {
    const last = map.items[map.items.length - 1];
    const firstKey = map.items[0]?.key as YamlNode | undefined;
    const itemIndent = firstKey?.range ? ' '.repeat(pos(firstKey.range[0]).character) : undefined;
    // Insert after the last content line of the last item (block maps end on the next line).
    let lastEnd = last ? rangeOf(last).end : rangeOf(parentPair).end;
    let line = lastEnd.line;
    while (line > 0 && (lastEnd.character === 0 || (lines[line] ?? '').trim() === '') && line > rangeOf(last ?? parentPair).start.line) {
      line--;
      lastEnd = { line, character: (lines[line] ?? '').length };
    }
    lastEnd = { line: lastEnd.line, character: (lines[lastEnd.line] ?? '').length };
    return {
      close: lastEnd,
      lastItemEnd: last ? lastEnd : undefined,
      trailingComma: false,
      itemIndent: map.flow ? undefined : itemIndent,
      closeIndent: ' '.repeat(rangeOf(parentPair).start.character),
    };
  };

  const keywordsOf = (map: YAMLMap, className: string, role: KeywordRole, accepted: string[]): KeywordUse[] =>
    map.items.flatMap((p) => {
      const name = keyName(p);
      return name === undefined || name === MERGE_KEY
        ? []
        : [{ name, range: rangeOf(p.key as YamlNode), className, role, accepted, owner: `${map.range?.[0] ?? ''}` }];
    });

  const duplicatesOf = (map: YAMLMap, mapping: string, out: Duplicate[]) => {
    const seen = new Map<string, Range>();
    for (const p of map.items) {
      const name = keyName(p);
      if (name === undefined || name === MERGE_KEY) continue;
      const r = rangeOf(p.key as YamlNode);
      const first = seen.get(name);
      if (first) out.push({ name, range: r, firstRange: first, mapping });
      else seen.set(name, r);
    }
  };

  const anchorOf = (pair: Pair | undefined, style: InsertAnchor['style']): InsertAnchor | undefined =>
    pair && isMap(pair.value) && !pair.value.flow ? { layout: layoutOfMap(pair.value, pair), style } : undefined;

  const scalarList = (node: unknown): { value: string; range: Range }[] | undefined =>
    isSeq(node)
      ? node.items.flatMap((i) => {
          const v = scalarText(i);
          return v === undefined ? [] : [{ value: v, range: rangeOf(i as YamlNode) }];
        })
      : undefined;

  /** The spec-side keys of a dependency or output mapping, over what `decl` holds already (a variant restates only some). */
  const readSpecChannel = (map: YAMLMap, decl: ChannelDecl): void => {
    const type = get(map, 'type') ?? get(map, 'dependency_type') ?? get(map, 'output_type');
    if (type) {
      decl.type = scalarText(type.value);
      decl.typeRange = rangeOf(type.value as YamlNode);
    }
    const req = get(map, 'required');
    if (req && isScalar(req.value) && decl.direction === 'input') decl.required = req.value.value === true || req.value.value === 'true';
    const desc = get(map, 'description');
    if (desc) decl.description = scalarText(desc.value);
    const sources = get(map, 'compatible_sources');
    if (sources) decl.compatibleSources = scalarList(sources.value) ?? [];
    const aliases = get(map, 'aliases');
    if (aliases) decl.aliases = scalarList(aliases.value) ?? [];
    const keywords = get(map, 'semantic_keywords');
    if (keywords) decl.semanticKeywords = (scalarList(keywords.value) ?? []).map((k) => k.value);
    const dataType = get(map, 'data_type');
    if (dataType && scalarText(dataType.value) !== undefined) decl.dataType = scalarText(dataType.value);
    const pp = get(map, 'property_path');
    if (pp && isScalar(pp.value) && scalarText(pp.value) !== undefined)
      decl.propertyPath = { value: scalarText(pp.value)!, range: rangeOf(pp.value as YamlNode) };
  };

  const channels = (
    pair: Pair | undefined,
    direction: Direction,
    mapping: string,
    dups: Duplicate[],
    keywords: KeywordUse[],
    spec: boolean,
    accepted: string[],
  ): ChannelDecl[] => {
    if (!pair || !isMap(pair.value)) return [];
    duplicatesOf(pair.value, mapping, dups);
    const out: ChannelDecl[] = [];
    const indexByName = new Map<string, number>();
    for (const p of entries(pair.value)) {
      const name = keyName(p);
      if (name === undefined) continue;
      const decl: ChannelDecl = { name, nameRange: rangeOf(p.key as YamlNode), direction, required: direction === 'input', range: rangeOf(p) };
      if (isMap(p.value)) {
        keywords.push(
          ...(spec
            ? keywordsOf(p.value, direction === 'input' ? 'dependency' : 'output', direction === 'input' ? 'dependency' : 'output', accepted)
            : keywordsOf(p.value, `${direction} channel`, 'channel', accepted)),
        );
        const path = get(p.value, 'path');
        if (path && isScalar(path.value)) {
          decl.path = scalarText(path.value);
          decl.pathRange = rangeOf(path.value as YamlNode);
        }
        const req = get(p.value, 'required');
        if (req && isScalar(req.value)) decl.required = req.value.value === true || req.value.value === 'true';
        const desc = get(p.value, 'description');
        if (desc) decl.description = scalarText(desc.value);
        if (spec) readSpecChannel(p.value, decl);
      } else if (isScalar(p.value) && !spec) {
        // Short form: `DATA: /opt/ml/processing/input/data`
        decl.path = scalarText(p.value);
        decl.pathRange = rangeOf(p.value as YamlNode);
      }
      // A key given twice: the later one is what a YAML loader keeps (duplicate-channel reports the repeat).
      const at = indexByName.get(name);
      if (at !== undefined) out[at] = decl;
      else {
        indexByName.set(name, out.length);
        out.push(decl);
      }
    }
    return out;
  };

  const contractPair = get(root, 'contract');
  if (contractPair && isMap(contractPair.value)) {
    const c = contractPair.value;
    const dups: Duplicate[] = [];
    duplicatesOf(c, 'contract', dups);
    const keywords = keywordsOf(c, 'contract', 'contract', CONTRACT_KEYS);
    const entry = get(c, 'entry_point');
    const env = get(c, 'env_vars');
    const requiredEnv: NamedDecl[] = [];
    const optionalEnv: NamedDecl[] = [];
    let requiredPair: Pair | undefined;
    let optionalPair: Pair | undefined;
    if (env && isMap(env.value)) {
      requiredPair = get(env.value, 'required');
      optionalPair = get(env.value, 'optional');
      if (requiredPair && isSeq(requiredPair.value)) {
        for (const item of requiredPair.value.items) {
          const v = scalarText(item);
          if (v !== undefined) requiredEnv.push({ name: v, range: rangeOf(item as YamlNode) });
        }
      }
      if (optionalPair && isMap(optionalPair.value)) {
        duplicatesOf(optionalPair.value, 'env_vars.optional', dups);
        for (const p of entries(optionalPair.value)) {
          const name = keyName(p);
          if (name !== undefined) optionalEnv.push({ name, range: rangeOf(p.key as YamlNode), defaultText: scalarText(p.value) });
        }
      }
    }
    // The repository's own keys that set environment variables (`computed_env_paths: {NAME: ...}`): a key
    // naming env whose map is keyed by variable-shaped names declares those variables too.
    for (const p of entries(c)) {
      const key = keyName(p);
      if (key === undefined || key === 'env_vars' || !/env/i.test(key) || !isMap(p.value)) continue;
      for (const q of entries(p.value)) {
        const name = keyName(q);
        if (name !== undefined && /^[A-Z][A-Z0-9_]*$/.test(name) && !optionalEnv.some((e) => e.name === name))
          optionalEnv.push({ name, range: rangeOf(q.key as YamlNode) });
      }
    }
    const args: NamedDecl[] = [];
    const argsPair = get(c, 'arguments');
    if (argsPair && isMap(argsPair.value)) {
      for (const p of entries(argsPair.value)) {
        const name = keyName(p);
        if (name !== undefined) {
          const defaultText = scalarText(p.value);
          args.push({ name: normaliseFlag(name), range: rangeOf(p.key as YamlNode), defaultText, flag: flagSpelling(name, defaultText) });
        }
      }
    }
    const jobArgs = get(c, 'job_arguments');
    if (jobArgs && isSeq(jobArgs.value)) {
      for (const item of jobArgs.value.items) {
        const flagPair = isMap(item) ? get(item, 'flag') : undefined;
        const flag = flagPair ? scalarText(flagPair.value) : scalarText(item);
        if (flag !== undefined) args.push({ name: normaliseFlag(flag), range: rangeOf((flagPair?.value ?? item) as YamlNode), flag: flagSpelling(flag) });
      }
    }
    const inputsPair = get(c, 'inputs');
    const outputsPair = get(c, 'outputs');
    const contract: ContractDecl = {
      id: `${file}#contract`,
      file,
      name: 'contract',
      nameRange: rangeOf(contractPair.key as YamlNode),
      range: rangeOf(contractPair),
      format: 'yaml',
      className: 'step.yaml contract',
      training: false,
      entryPoint:
        entry && isScalar(entry.value) && scalarText(entry.value) ? { value: scalarText(entry.value)!, range: rangeOf(entry.value as YamlNode) } : undefined,
      ...sourceDirOf(get(c, 'source_dir')),
      inputs: channels(inputsPair, 'input', 'contract.inputs', dups, keywords, false, CHANNEL_KEYS),
      outputs: channels(outputsPair, 'output', 'contract.outputs', dups, keywords, false, CHANNEL_KEYS),
      requiredEnv,
      optionalEnv,
      arguments: args,
      duplicates: dups,
      keywords,
      anchors: {
        inputs: anchorOf(inputsPair, 'yaml-map'),
        outputs: anchorOf(outputsPair, 'yaml-map'),
        optionalEnv: anchorOf(optionalPair, 'yaml-map'),
      },
    };
    // Training contracts: a YAML interface says so with paths under /opt/ml/input/data.
    contract.training = contract.inputs.some((i) => i.path?.startsWith('/opt/ml/input/')) || contract.outputs.some((o) => o.path?.startsWith('/opt/ml/model'));
    facts.contract = contract;
  }

  const specPair = get(root, 'spec');
  if (specPair && isMap(specPair.value)) {
    const s = specPair.value;
    const dups: Duplicate[] = [];
    duplicatesOf(s, 'spec', dups);
    const keywords = keywordsOf(s, 'spec', 'spec', SPEC_KEYS);
    // The step type and node type sit in the spec block or, in the later interface format, at the top level.
    const stepType = [get(s, 'step_type'), get(root, 'step_type')].find((p) => p && scalarText(p.value));
    const nodeType = [get(s, 'node_type'), get(root, 'node_type')].find((p) => p && scalarText(p.value));
    const registry = get(root, 'registry');
    const kind = registry && isMap(registry.value) ? get(registry.value, 'sagemaker_step_type') : undefined;
    facts.spec = {
      id: `${file}#spec`,
      file,
      name: 'spec',
      nameRange: rangeOf(specPair.key as YamlNode),
      range: rangeOf(specPair),
      format: 'yaml',
      stepType: stepType && scalarText(stepType.value) ? { value: scalarText(stepType.value)!, range: rangeOf(stepType.value as YamlNode) } : undefined,
      contractRef: facts.contract ? { name: 'contract', range: rangeOf(specPair.key as YamlNode) } : undefined,
      dependencies: channels(get(s, 'dependencies'), 'input', 'spec.dependencies', dups, keywords, true, DEPENDENCY_KEYS),
      outputs: channels(get(s, 'outputs'), 'output', 'spec.outputs', dups, keywords, true, OUTPUT_KEYS),
      duplicates: dups,
      keywords,
      nodeType: nodeType ? scalarText(nodeType.value)!.toLowerCase() : undefined,
      sagemakerStepType: kind && scalarText(kind.value) ? { value: scalarText(kind.value)!, range: rangeOf(kind.value as YamlNode) } : undefined,
    };
    const variants = get(root, 'variants');
    if (variants && isMap(variants.value)) facts.spec.variants = specVariants(variants.value, facts.spec);
  }
  /**
   * Each `variants.<job type>` block: its `spec.dependencies` / `spec.outputs` deep-merged into the base
   * spec's (the framework's merge: maps merge key by key, a list replaces the base list).
   */
  function specVariants(map: YAMLMap, base: SpecDecl): SpecVariant[] {
    const out: SpecVariant[] = [];
    for (const v of entries(map)) {
      const name = keyName(v);
      if (name === undefined || !isMap(v.value)) continue;
      const vs = get(v.value, 'spec');
      const stepType = get(v.value, 'step_type') ?? (vs && isMap(vs.value) ? get(vs.value, 'step_type') : undefined);
      const merged = (key: 'dependencies' | 'outputs', direction: Direction, baseList: ChannelDecl[]) => {
        const list = baseList.map((c) => ({ ...c }));
        const restated: string[] = [];
        const block = vs && isMap(vs.value) ? get(vs.value, key) : undefined;
        if (block && isMap(block.value)) {
          for (const p of entries(block.value)) {
            const n = keyName(p);
            if (n === undefined) continue;
            let decl = list.find((c) => c.name === n);
            if (!decl) {
              decl = { name: n, nameRange: rangeOf(p.key as YamlNode), direction, required: direction === 'input', range: rangeOf(p) };
              list.push(decl);
            } else {
              decl.nameRange = rangeOf(p.key as YamlNode);
              decl.range = rangeOf(p);
            }
            if (isMap(p.value)) readSpecChannel(p.value, decl);
            restated.push(n);
          }
        }
        return { list, restated };
      };
      const deps = merged('dependencies', 'input', base.dependencies);
      const outs = merged('outputs', 'output', base.outputs);
      out.push({
        name,
        nameRange: rangeOf(v.key as YamlNode),
        stepType: stepType && scalarText(stepType.value) ? { value: scalarText(stepType.value)!, range: rangeOf(stepType.value as YamlNode) } : undefined,
        dependencies: deps.list,
        outputs: outs.list,
        restated: { input: deps.restated, output: outs.restated },
      });
    }
    return out;
  }

  if (!facts.contract && !facts.spec && facts.problems.length === 0) {
    facts.problems.push({ message: 'no `contract:` or `spec:` block found in this step interface', range: rangeOf(root) });
  }
  return facts;
}

/** `# script-contracts: ignore[rule, ...]` comments; in YAML a `#` after whitespace (or at line start) starts a comment. */
// In YAML a `#` starts a comment only at a line's start or after whitespace.
const YAML_SUPPRESSION = new RegExp(`(^|\\s)(${SUPPRESSION_RE.source})`);

export function yamlSuppressions(source: string, lines: string[]): Suppression[] {
  if (!source.includes('script-contracts:')) return [];
  const out: Suppression[] = [];
  const commentable = commentableLines(source, 'yaml');
  lines.forEach((text, line) => {
    if (!commentable[line]) return;
    const m = YAML_SUPPRESSION.exec(text);
    if (!m) return;
    const character = m.index + m[1].length;
    const end = character + m[2].length;
    // In YAML the comment runs to the end of the line.
    const removal = suppressionRemoval(text, line, character, character, end, text.length);
    const fromLine = coveredFrom(commentable, line);
    out.push({
      line,
      fromLine: fromLine < line ? fromLine : undefined,
      rules: ruleList(m[3]),
      range: { start: { line, character }, end: { line, character: end } },
      removal,
    });
  });
  return out;
}

const MERGE_KEY = '<<';
/** How deep merge keys are followed (`<<: *a` where a itself merges b ...), so a merge cycle or bomb stays bounded. */
const MAX_MERGE_DEPTH = 8;

/**
 * A mapping's pairs as YAML 1.1 merge keys make them: its own keys, then the
 * keys of the maps `<<` merges (the first merged map wins over later ones),
 * each key once, its own keys first.
 */
export function effectiveEntries(map: YAMLMap, doc: Document, keyName: (p: Pair) => string | undefined, depth = 0): Pair[] {
  const own = map.items.filter((p) => keyName(p) !== MERGE_KEY);
  const merges = map.items.filter((p) => keyName(p) === MERGE_KEY);
  if (!merges.length || depth >= MAX_MERGE_DEPTH) return own;
  const seen = new Set(own.map(keyName));
  const out = [...own];
  for (const m of merges) {
    const sources = isSeq(m.value) ? m.value.items : [m.value];
    for (const src of sources) {
      const target = isAlias(src) ? src.resolve(doc) : src;
      if (!isMap(target)) continue;
      for (const p of effectiveEntries(target, doc, keyName, depth + 1)) {
        const name = keyName(p);
        if (name === undefined || seen.has(name)) continue;
        seen.add(name);
        out.push(p);
      }
    }
  }
  return out;
}

/** `--job_type`, `job-type` and `job_type` name the same argument. */
export function normaliseFlag(flag: string): string {
  return flag.replace(/^-+/, '').replace(/_/g, '-');
}

/** `source_dir: path/to/steps` (a string; `source_dir: true` and the like name no folder). */
function sourceDirOf(pair: Pair | undefined): { sourceDir?: string } {
  const v = pair && isScalar(pair.value) ? pair.value.value : undefined;
  return typeof v === 'string' && v.trim() && !/^(true|false|yes|no)$/i.test(v) ? { sourceDir: v.trim() } : {};
}

/**
 * The flag as a contract spells an argument: `written` itself when it is a flag
 * (`--job_type`), else `--` and the name as written (`job_type` → `--job_type`).
 * `explicit` is a value that spells the flag out (`{"job_type": "--job_type"}`),
 * used when it names the same argument.
 */
export function flagSpelling(written: string, explicit?: string): string {
  if (explicit?.startsWith('-') && normaliseFlag(explicit) === normaliseFlag(written)) return explicit;
  return written.startsWith('-') ? written : `--${written}`;
}

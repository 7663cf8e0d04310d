// The words that make a statement interesting, in one place. The script pass
// (script/walk.ts) finds its hits with them, and the partial parse of large
// files (analyze.ts, chunks.ts) parses only statements that hold one: because
// both read this list, they cannot disagree about what a file contains.
import type { Config } from '../config';
import type { HitSpec } from './chunks';
import * as argparse from './script/idioms/argparse';
import * as channels from './script/idioms/channels';
import * as components from './script/idioms/components';
import * as delegation from './script/idioms/delegation';
import * as env from './script/idioms/env';
import * as reports from './script/idioms/reports';
import * as s3 from './script/idioms/s3';

/** The configured names the script idioms look for. */
export interface ScriptNames {
  inputDicts: Set<string>;
  outputDicts: Set<string>;
  inputMethods: Set<string>;
  outputMethods: Set<string>;
  bridges: Set<string>;
  prefixes: string[];
}

export function scriptNames(config: Config): ScriptNames {
  return {
    inputDicts: new Set(config.inputAccessors),
    outputDicts: new Set(config.outputAccessors),
    inputMethods: new Set(config.inputPathMethods),
    outputMethods: new Set(config.outputPathMethods),
    bridges: new Set(config.envBridges),
    prefixes: config.pathPrefixes,
  };
}

const stripSlash = (p: string) => p.replace(/\/$/, '');

/** Every idiom's words, and the container-path prefixes (without a trailing `/`) that make a string a hit. */
export function scriptVocabulary(names: ScriptNames): { words: string[]; prefixes: string[] } {
  return {
    words: [
      ...channels.words(names),
      ...env.words(names),
      ...argparse.words(),
      ...delegation.words(),
      ...components.words(),
      ...reports.words(),
      ...s3.words(),
    ],
    prefixes: names.prefixes.map(stripSlash),
  };
}

const specs = new WeakMap<Config, HitSpec>();

/** What the partial parse looks for: the script vocabulary, the contract and spec classes, and the suppression marker. */
export function hitSpec(config: Config): HitSpec {
  let spec = specs.get(config);
  if (!spec) {
    const v = scriptVocabulary(scriptNames(config));
    const prefixes = v.prefixes.filter(Boolean);
    spec = {
      words: [...v.words, ...config.contractClasses, ...config.specClasses],
      literals: [...prefixes, 'script-contracts:'],
      constantMarkers: prefixes,
    };
    specs.set(config, spec);
  }
  return spec;
}

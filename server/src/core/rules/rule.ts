// What a rule module is. Each rule lives in rules/<area>/<rule-id>.ts and
// exports one `rule({...})`: its id (public API: CLI output, suppression
// comments, configuration, docs), default severity, whether users may re-level
// it, what its fixes are, a one-line summary, the subject it checks and the
// check itself. Everything else (the RuleId type, the configurable rule list,
// the CLI's `rule` command, SARIF metadata, the docs tables) derives from the
// registry of these modules (registry.ts); test/unit/rule-registry.test.ts
// fails when a rule lacks its doc page or its fixture file.
import type { ContractDecl, PythonFacts, ScriptFacts, SpecDecl, ChannelDecl, Duplicate, KeywordUse } from '../facts';
import type { Direction, Severity } from '../model';
import type { FileEntry } from '../project';
import type { RuleContext } from './context';

/** Where a rule's findings are reported, as the docs tables say it. */
export type AppliesTo = 'script' | 'contract' | 'spec' | 'contract/spec' | 'config' | 'any';

/**
 * What applying a rule's fixes does: `safe` fixes run unattended (`--fix`,
 * fix-all) and provably keep behaviour beyond the misalignment they repair;
 * `unsafe` ones are offered one at a time; `mixed` rules offer both kinds
 * (which one depends on the code around the finding); `none` offers no edit.
 */
export type FixSafety = 'safe' | 'unsafe' | 'mixed' | 'none';

/** A script and the contract that claims it. */
export interface ScriptSubject {
  facts: PythonFacts;
  script: ScriptFacts;
  contract: ContractDecl;
  declared: Record<Direction, Map<string, ChannelDecl>>;
  /** Declared channels with a literal path. */
  withPaths: ChannelDecl[];
}

/** A Python file no contract claims. */
export interface UnclaimedScriptSubject {
  facts: PythonFacts;
}

/** A contract, the scripts it claims and the first of them that parsed (for unused-* checks). */
export interface ContractSubject {
  contract: ContractDecl;
  scripts: string[];
  /** The facts of the first claimed Python script, when it has no syntax errors (which could hide uses). */
  script?: { file: string; facts: PythonFacts };
}

export interface SpecSubject {
  spec: SpecDecl;
  /** The contract the spec links to, when it resolves. */
  contract?: ContractDecl;
}

/** A contract's or spec's declaration shape: what was declared twice, and every keyword given. */
export interface DeclarationSubject {
  duplicates: Duplicate[];
  keywords: KeywordUse[];
}

export interface FileSubject {
  entry: FileEntry;
}

export interface Meta<Id extends string> {
  id: Id;
  severity: Severity | 'off';
  /** May users re-level or turn it off (`[tool.script-contracts.rules]`)? */
  configurable: boolean;
  appliesTo: AppliesTo;
  fix: FixSafety;
  summary: string;
  /**
   * A script rule that also judges scripts a component claims (Azure ML, Kubeflow). A component
   * hands its program everything on the command line: it declares no container paths, accessor
   * names or environment, so only rules about arguments apply to its script.
   */
  forComponents?: true;
}

export type RuleModule<Id extends string = string> = Meta<Id> &
  (
    | { subject: 'script'; check(ctx: RuleContext, s: ScriptSubject): void }
    | { subject: 'unclaimed-script'; check(ctx: RuleContext, s: UnclaimedScriptSubject): void }
    | { subject: 'contract'; check(ctx: RuleContext, s: ContractSubject): void }
    | { subject: 'spec'; check(ctx: RuleContext, s: SpecSubject): void }
    | { subject: 'declaration'; check(ctx: RuleContext, s: DeclarationSubject): void }
    | { subject: 'file'; check(ctx: RuleContext, s: FileSubject): void }
    // Runs after suppressions are applied, over the suppressions themselves (unused-suppression).
    | { subject: 'suppressions'; check?: undefined }
  );

export type RuleMeta = Meta<string> & { subject: RuleModule['subject'] };

/** Declares a rule module; keeps its id a literal type (the RuleId union is made of them). */
export function rule<const Id extends string>(m: RuleModule<Id>): RuleModule<Id> {
  return m;
}

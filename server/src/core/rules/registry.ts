// The rule registry: every rule module (all.ts, generated from rules/<area>/),
// and what derives from them. Rule ids are public API.
import { ALL_RULES } from './all';
import type { RuleMeta, RuleModule } from './rule';

/** Every rule id: the union of the modules' literal ids. */
export type RuleId = (typeof ALL_RULES)[number]['id'];

export const RULE_MODULES: readonly RuleModule<RuleId>[] = ALL_RULES;

/** The rules' descriptions, for the CLI's `rule` command, SARIF and the docs tables. */
export const RULES: readonly (RuleMeta & { id: RuleId })[] = ALL_RULES.map(({ id, severity, configurable, appliesTo, fix, summary, subject }) => ({
  id,
  severity,
  configurable,
  appliesTo,
  fix,
  summary,
  subject,
}));

export const RULES_BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** Rule ids users may re-level or turn off in their configuration. */
export const CONFIGURABLE_RULES: RuleId[] = RULES.filter((r) => r.configurable).map((r) => r.id);

export function isRuleId(id: string): id is RuleId {
  return RULES_BY_ID.has(id as RuleId);
}

export function modulesFor<S extends RuleModule['subject']>(subject: S): Extract<RuleModule<RuleId>, { subject: S }>[] {
  return RULE_MODULES.filter((m): m is Extract<RuleModule<RuleId>, { subject: S }> => m.subject === subject);
}

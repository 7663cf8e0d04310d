// The rule catalog: ids are public API (CLI output, suppression comments,
// configuration, docs). Default severities and one-line summaries live here;
// the long explanations live in docs/rules/<id>.md.
import type { RuleId, Severity } from '../model';

export interface RuleInfo {
  id: RuleId;
  severity: Severity | 'off';
  appliesTo: 'script' | 'contract' | 'spec' | 'contract/spec' | 'config' | 'any';
  summary: string;
}

const rule = (id: RuleId, severity: RuleInfo['severity'], appliesTo: RuleInfo['appliesTo'], summary: string): RuleInfo => ({ id, severity, appliesTo, summary });

export const RULES: readonly RuleInfo[] = [
  rule('hardcoded-path', 'warning', 'script', 'A container path in script logic that a declared channel already provides.'),
  rule('undeclared-path', 'warning', 'script', 'A container path that no declared channel covers.'),
  rule('undeclared-channel', 'error', 'script', 'Script logic reads a logical name the contract does not declare.'),
  rule('unwired-channel', 'error', 'script', 'Script logic reads a declared channel that the entry block never wires.'),
  rule('undeclared-wiring', 'error', 'script', 'The entry block wires a logical name the contract does not declare.'),
  rule('path-mismatch', 'error', 'script', 'The entry block maps a channel to a different path than the contract.'),
  rule('undeclared-env-var', 'warning', 'script', 'The script reads an environment variable the contract does not declare.'),
  rule('unbridged-env-var', 'error', 'script', 'Script logic reads the env bridge dict for a key the entry block never sets.'),
  rule('undeclared-argument', 'information', 'script', 'An argparse flag the contract does not declare.'),
  rule('missing-contract', 'information', 'script', 'A script that reads channels or container paths but that no contract claims.'),
  rule('unused-channel', 'warning', 'contract', 'A declared channel the script never reads, wires or uses by path.'),
  rule('unused-env-var', 'warning', 'contract', 'A required environment variable the script never reads.'),
  rule('unused-argument', 'warning', 'contract', 'A declared argument the script never adds to its parser.'),
  rule('spec-dependency-undeclared', 'error', 'spec', 'A spec dependency that the linked contract does not declare as an input.'),
  rule('spec-output-undeclared', 'error', 'spec', 'A spec output that the linked contract does not declare as an output.'),
  rule('contract-input-unspecified', 'warning', 'contract', 'A contract input that no linked spec declares as a dependency.'),
  rule('contract-output-unspecified', 'warning', 'contract', 'A contract output that no linked spec declares as an output.'),
  rule('missing-script', 'warning', 'contract', 'The entry_point names a script that is not in the workspace.'),
  rule('unknown-keyword', 'warning', 'contract/spec', 'A keyword the class does not accept (pydantic drops it silently).'),
  rule('invalid-path', 'warning', 'contract', 'A declared path outside the allowed prefixes for its kind of channel.'),
  rule('duplicate-channel', 'error', 'contract/spec', 'One logical name declared twice in one mapping; the later one silently wins.'),
  rule('contract-drift', 'warning', 'contract', 'A Python contract and a .step.yaml contract for the same script disagree.'),
  rule('duplicate-entry-point', 'warning', 'contract', 'Two contracts of the same format claim one script.'),
  rule('unused-suppression', 'hint', 'any', 'A suppression comment that suppresses nothing.'),
  rule('parse-error', 'error', 'any', 'A step interface or configuration file that cannot be read.'),
  rule('config-error', 'error', 'config', 'A configuration key that is unknown or has a value of the wrong type.'),
];

export const RULES_BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return RULES_BY_ID.has(id as RuleId);
}

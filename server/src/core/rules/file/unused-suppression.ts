import { rule } from '../rule';

// Reported by the suppression pass itself (rules/index.ts), once every other rule has run.
export default rule({
  id: 'unused-suppression',
  severity: 'hint',
  configurable: true,
  appliesTo: 'any',
  fix: 'safe',
  summary: 'A suppression comment that suppresses nothing.',
  subject: 'suppressions',
});

import { rule } from '../rule';
import { checkSpecChannel } from './undeclared-in-contract';

export default rule({
  id: 'spec-output-undeclared',
  severity: 'error',
  configurable: true,
  appliesTo: 'spec',
  fix: 'unsafe',
  summary: 'A spec output that the linked contract does not declare as an output.',
  subject: 'spec',
  check(ctx, { spec, contract }) {
    if (!contract) return;
    for (const out of spec.outputs) checkSpecChannel(ctx, spec, contract, out, contract.outputs, 'spec-output-undeclared', 'output', 'output');
  },
});

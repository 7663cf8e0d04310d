import { rule } from '../rule';
import { checkSpecChannel } from './undeclared-in-contract';

export default rule({
  id: 'spec-dependency-undeclared',
  severity: 'error',
  configurable: true,
  appliesTo: 'spec',
  fix: 'unsafe',
  summary: 'A spec dependency that the linked contract does not declare as an input.',
  subject: 'spec',
  check(ctx, { spec, contract }) {
    if (!contract) return;
    for (const dep of spec.dependencies) checkSpecChannel(ctx, spec, contract, dep, contract.inputs, 'spec-dependency-undeclared', 'dependency', 'input');
  },
});

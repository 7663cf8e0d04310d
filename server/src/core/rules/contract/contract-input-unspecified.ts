import { rule } from '../rule';
import { linkedSpecs, specCoverage } from './spec-coverage';

export default rule({
  id: 'contract-input-unspecified',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A contract input that no linked spec declares as a dependency.',
  subject: 'contract',
  check(ctx, { contract }) {
    specCoverage(ctx, contract, 'input', (ch, specs, specNames) =>
      ctx.report(
        'contract-input-unspecified',
        ch.nameRange,
        `Input "${ch.name}" is not a dependency of any linked spec (${specNames}); no upstream step can connect to it.`,
        { related: linkedSpecs(specs), entity: ch.name },
      ),
    );
  },
});

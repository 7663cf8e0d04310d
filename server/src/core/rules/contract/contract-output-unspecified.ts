import { rule } from '../rule';
import { linkedSpecs, specCoverage } from './spec-coverage';

export default rule({
  id: 'contract-output-unspecified',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A contract output that no linked spec declares as an output.',
  subject: 'contract',
  check(ctx, { contract }) {
    specCoverage(ctx, contract, 'output', (ch, specs, specNames) =>
      ctx.report(
        'contract-output-unspecified',
        ch.nameRange,
        `Output "${ch.name}" is not an output of any linked spec (${specNames}); downstream steps cannot consume it.`,
        { related: linkedSpecs(specs), entity: ch.name },
      ),
    );
  },
});

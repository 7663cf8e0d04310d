import { rule } from '../rule';

export default rule({
  id: 'config-error',
  severity: 'error',
  configurable: false,
  appliesTo: 'config',
  fix: 'none',
  summary: 'A configuration key that is unknown or has a value of the wrong type.',
  subject: 'file',
  check(ctx, { entry }) {
    for (const e of entry.config.errors) {
      if (e.file !== entry.file) continue;
      const pos = e.position ?? { line: 0, character: 0 };
      ctx.report(
        'config-error',
        { start: pos, end: { line: pos.line, character: pos.character + Math.max(1, e.key.split('.').pop()!.length) } },
        e.key ? `${e.key}: ${e.message}` : e.message,
        { entity: e.key },
      );
    }
  },
});

import type { ChannelDecl } from '../../facts';
import { rule } from '../rule';

const norm = (p: string) => p.replace(/\/+$/, '');

export default rule({
  id: 'duplicate-destination',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'Two inputs declared at one container path, or an input and an output sharing a folder.',
  subject: 'contract',
  check(ctx, { contract }) {
    const seen = new Map<string, ChannelDecl>();
    for (const ch of contract.inputs) {
      // Only paths written in the declaration: a training channel's folder is the platform's, one per name.
      if (ch.path === undefined || !ch.pathRange) continue;
      const first = seen.get(norm(ch.path));
      // The same name twice is duplicate-channel's finding, not this one's.
      if (first && first.name !== ch.name)
        ctx.report(
          'duplicate-destination',
          ch.pathRange,
          `Input "${ch.name}" is mounted at ${ch.path}, where input "${first.name}" is too: one download lands on the other, and the script cannot tell them apart.`,
          { entity: ch.path, related: [{ location: { file: contract.file, range: first.pathRange ?? first.nameRange }, message: `input "${first.name}"` }] },
        );
      else if (!first) seen.set(norm(ch.path), ch);
    }
    for (const ch of contract.outputs) {
      if (ch.path === undefined || !ch.pathRange) continue;
      const input = seen.get(norm(ch.path));
      if (!input) continue;
      ctx.report(
        'duplicate-destination',
        ch.pathRange,
        `Output "${ch.name}" uploads ${ch.path}, the folder input "${input.name}" is mounted at: the upload carries the downloaded input with whatever the script writes.`,
        { entity: ch.path, related: [{ location: { file: contract.file, range: input.pathRange ?? input.nameRange }, message: `input "${input.name}"` }] },
      );
    }
  },
});

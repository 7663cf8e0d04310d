import type { Fix } from '../../model';
import { insertEntry, pyString } from '../edits';
import { rule } from '../rule';
import { related } from './shared';

export default rule({
  id: 'unwired-channel',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'safe',
  summary: 'Script logic reads a declared channel that the entry block never wires.',
  subject: 'script',
  check(ctx, { script, contract, declared }) {
    const wiredKeys = { input: new Set<string>(), output: new Set<string>() };
    for (const w of script.wiring) wiredKeys[w.direction].add(w.key);
    const hasWiring = {
      input: script.wiringDicts.some((d) => d.direction === 'input') || script.wiring.some((w) => w.direction === 'input'),
      output: script.wiringDicts.some((d) => d.direction === 'output') || script.wiring.some((w) => w.direction === 'output'),
    };
    const reported = new Set<string>();
    for (const read of script.channelReads) {
      if (read.context !== 'logic') continue;
      const dir = read.direction;
      const decl = declared[dir].get(read.key);
      if (!decl || !hasWiring[dir] || wiredKeys[dir].has(read.key)) continue;
      const wiringDict = script.wiringDicts.find((d) => d.direction === dir && d.layout);
      const fixes: Fix[] = [];
      if (wiringDict?.layout && decl.path) {
        fixes.push({
          title: `Wire "${read.key}" to ${decl.path} in the entry block`,
          safe: true,
          edits: [insertEntry(ctx.file, { layout: wiringDict.layout, style: 'python-dict' }, read.key, pyString(decl.path))],
        });
      }
      ctx.report(
        'unwired-channel',
        read.keyRange,
        `"${read.key}" is declared by ${ctx.contractLabel(contract)} but the entry block never puts it into ${wiringDict?.name ?? read.receiver}, so this read fails at run time.`,
        {
          related: related(contract, decl, ctx, `"${read.key}" is declared`),
          // One quick fix per key is enough; later reads of the same key get the diagnostic only.
          fixes: reported.has(dir + read.key) ? [] : fixes,
          entity: read.key,
        },
      );
      reported.add(dir + read.key);
    }
  },
});

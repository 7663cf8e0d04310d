import type { Fix } from '../../model';
import { rule } from '../rule';
import { undeclaredPlaceholders } from './placeholders';

export default rule({
  id: 'undeclared-placeholder',
  severity: 'error',
  configurable: true,
  appliesTo: 'contract',
  fix: 'unsafe',
  summary: "A component's command names an input or output the component does not declare.",
  subject: 'contract',
  check(ctx, { contract: c }) {
    const info = c.component;
    if (!info) return;
    const kubeflow = info.source === 'kubeflow';
    for (const { ref, meant } of undeclaredPlaceholders(c)) {
      const declared = (ref.direction === 'input' ? c.inputs : c.outputs).map((x) => x.name);
      const written = kubeflow ? ref.name : `\${{${ref.direction}s.${ref.name}}}`;
      const hint = !meant
        ? `; declared ${ref.direction}s: ${declared.join(', ') || 'none'}`
        : meant.direction !== ref.direction
          ? ` ("${ref.name}" is an ${meant.direction})`
          : ` (did you mean "${meant.name}", which the command never passes?)`;
      const consequence = kubeflow ? 'Kubeflow rejects the component when it is loaded' : 'Azure ML rejects the job before it runs';
      const fixes: Fix[] = [];
      if (meant && !(kubeflow && meant.direction !== ref.direction)) {
        const text = kubeflow ? yamlName(meant.name) : `\${{${meant.direction}s.${meant.name}}}`;
        fixes.push({ title: `Change to ${kubeflow ? `"${meant.name}"` : text}`, safe: false, edits: [{ file: ctx.file, range: ref.range, newText: text }] });
      }
      ctx.report('undeclared-placeholder', ref.range, `${written} names no ${ref.direction} of ${info.label}${hint}; ${consequence}.`, {
        entity: ref.name,
        fixes,
      });
    }
  },
});

/** A Kubeflow name as a YAML scalar in a flow mapping: quoted when it holds what a plain scalar cannot. */
function yamlName(name: string): string {
  return /^[A-Za-z_][\w .-]*$/.test(name) && !/\s$/.test(name) ? name : JSON.stringify(name);
}

// spec-dependency-undeclared and spec-output-undeclared: a spec channel its linked contract does not declare.
import type { ChannelDecl, ContractDecl, SpecDecl } from '../../facts';
import type { Fix } from '../../model';
import { closest } from '../../suggest';
import type { RuleContext } from '../context';
import { insertEntry, pyString, replace } from '../edits';
import { conventionalPath } from '../paths';

export function checkSpecChannel(
  ctx: RuleContext,
  spec: SpecDecl,
  contract: ContractDecl,
  ch: ChannelDecl,
  declared: ChannelDecl[],
  rule: 'spec-dependency-undeclared' | 'spec-output-undeclared',
  what: string,
  dir: 'input' | 'output',
): void {
  if (declared.some((c) => c.name === ch.name)) return;
  const names = declared.map((c) => c.name);
  const near = closest(ch.name, names);
  const fixes: Fix[] = [];
  if (near) {
    const text = spec.format === 'yaml' ? near : pyString(near);
    fixes.push({ title: `Change to "${near}"`, safe: false, edits: [replace(ctx.file, ch.nameRange, text)] });
  }
  const anchor = dir === 'input' ? contract.anchors.inputs : contract.anchors.outputs;
  if (anchor) {
    const path = conventionalPath(dir, ch.name, contract.training);
    const value = anchor.style === 'yaml-map' ? `{ path: ${path} }` : pyString(path);
    fixes.push({
      title: `Declare ${dir} "${ch.name}" in ${ctx.show(contract.file)}`,
      safe: false,
      edits: [insertEntry(contract.file, anchor, ch.name, value)],
    });
  }
  ctx.report(
    rule,
    ch.nameRange,
    `Spec ${what} "${ch.name}" is not declared as an ${dir} of ${ctx.contractLabel(contract)}${near ? ` (did you mean "${near}"?)` : ''}; the script will never see it.`,
    {
      related: [{ location: { file: contract.file, range: contract.nameRange }, message: `the contract linked by ${spec.name}` }],
      fixes,
      entity: ch.name,
    },
  );
}

// The script's entry: the `if __name__ == "__main__":` block and the function it runs.
import type { PathUse } from '../../../facts';
import type { SyntaxNode } from '../../parser';
import { rangeOf } from '../../syntax';
import type { ScriptWalk } from '../walk';

/** `main`, else the first module function the `__main__` block calls. */
export function entryPoint(w: ScriptWalk, mainBlock: SyntaxNode | undefined, functions: { name: string; nameRange: PathUse['range'] }[]): void {
  const facts = w.facts;
  if (mainBlock) facts.mainBlock = rangeOf(mainBlock);
  const mainFn = functions.find((f) => f.name === 'main');
  if (mainFn) facts.entryFunction = { name: mainFn.name, range: mainFn.nameRange };
  else if (mainBlock) {
    const block = w.lines.slice(mainBlock.startPosition.row, mainBlock.endPosition.row + 1).join('\n');
    const called = functions.find((f) => new RegExp(`\\b${f.name}\\s*\\(`).test(block));
    if (called) facts.entryFunction = { name: called.name, range: called.nameRange };
  }
}

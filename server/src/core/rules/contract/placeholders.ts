// What undeclared-placeholder and unused-channel share: which declared channel an
// undeclared placeholder most likely meant. A placeholder misspelt (or written for
// the other direction) and the channel it missed are one mistake, reported once,
// by undeclared-placeholder.
import type { ContractDecl, PlaceholderRef } from '../../facts';
import type { Direction } from '../../model';
import { closest } from '../../suggest';

export interface Undeclared {
  ref: PlaceholderRef;
  /** The declared channel it most likely meant: `{direction, name}`. */
  meant?: { direction: Direction; name: string };
}

/** The command's placeholders that name no declared channel, each with the channel it probably meant. */
export function undeclaredPlaceholders(c: ContractDecl): Undeclared[] {
  const info = c.component;
  if (!info || info.channelsUnknown) return [];
  const declared = { input: c.inputs.map((x) => x.name), output: c.outputs.map((x) => x.name) };
  const passed = new Set(info.references.map((r) => `${r.direction}:${r.name}`));
  const undeclared = info.references.filter((r) => !declared[r.direction].includes(r.name));
  return undeclared.map((ref) => {
    const other: Direction = ref.direction === 'input' ? 'output' : 'input';
    if (declared[other].includes(ref.name)) return { ref, meant: { direction: other, name: ref.name } };
    const unpassed = declared[ref.direction].filter((n) => !passed.has(`${ref.direction}:${n}`));
    const near = closest(ref.name, declared[ref.direction]);
    if (near) return { ref, meant: { direction: ref.direction, name: near } };
    // One placeholder of a direction naming nothing, and one channel of that direction never passed: the same slip.
    const sameDirection = undeclared.filter((u) => u.direction === ref.direction);
    if (sameDirection.length === 1 && unpassed.length === 1) return { ref, meant: { direction: ref.direction, name: unpassed[0] } };
    return { ref };
  });
}

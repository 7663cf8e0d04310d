// Whether a script uses a declared channel: one definition for the
// unused-channel rule and the contract's code lens ("inputs 2/3 used"). A read
// or wiring of its logical name counts, and so does a path at or under the
// channel's path; a parent path (`/opt/ml/processing/input`) does not use
// every channel below it.
import type { ChannelDecl, ScriptFacts } from './facts';
import { isUnder } from './rules/paths';

export function channelIsUsed(script: ScriptFacts, ch: ChannelDecl): boolean {
  return (
    script.channelReads.some((r) => r.direction === ch.direction && r.key === ch.name) ||
    script.wiring.some((w) => w.direction === ch.direction && w.key === ch.name) ||
    (ch.path !== undefined && script.pathUses.some((u) => isUnder(u.path, ch.path!)))
  );
}

// Whether a script uses a declared channel: one definition for the
// unused-channel rule and the contract's code lens ("inputs 2/3 used"). A read
// or wiring of its logical name counts, and so does a path at or under the
// channel's path; a parent path (`/opt/ml/processing/input`) does not use
// every channel below it.
import type { ChannelDecl, ScriptFacts } from './facts';
import { isUnder } from './rules/paths';

/** Variables that describe every training channel at once: a script reading them may read any channel. */
const ALL_CHANNELS_ENV = new Set(['SM_CHANNELS', 'SM_INPUT_DATA_CONFIG', 'SM_TRAINING_ENV']);

export function channelIsUsed(script: ScriptFacts, ch: ChannelDecl): boolean {
  return (
    // The step hands the channel's path to the script as a flag's value, or the platform sets its env var.
    (ch.passedAs !== undefined && script.usesArgparse) ||
    (ch.env !== undefined && script.envReads.some((r) => r.name === ch.env || ALL_CHANNELS_ENV.has(r.name))) ||
    script.channelReads.some((r) => r.direction === ch.direction && r.key === ch.name) ||
    script.wiring.some((w) => w.direction === ch.direction && w.key === ch.name) ||
    (ch.path !== undefined && script.pathUses.some((u) => isUnder(u.path, ch.path!)))
  );
}

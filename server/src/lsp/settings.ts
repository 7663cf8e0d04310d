// The editor settings the server reads, and the three ways a client can send
// them: initializationOptions, workspace/didChangeConfiguration (pushed), and
// workspace/configuration (pulled per folder). Each layer overrides the keys it
// sets with a valid value; anything else keeps the layer below.

export type RunMode = 'onType' | 'onSave';

export interface Settings {
  /** false: no findings at all, and requests answer nothing. */
  enable: boolean;
  /** false: only open documents get diagnostics. */
  workspaceDiagnostics: boolean;
  /** onSave: open documents are re-checked when saved (and opened), not as they are typed. */
  run: RunMode;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, workspaceDiagnostics: true, run: 'onType' };

export const SECTION = 'scriptContracts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Our keys in what a client sent: `{ scriptContracts: {...} }` (the section, as
 * VS Code and most clients push it), or the keys themselves at the top (as Helix
 * sends its `config`, and as initializationOptions are documented); undefined
 * when neither is there.
 */
export function sectionOf(raw: unknown): Record<string, unknown> | undefined {
  if (!isObject(raw)) return undefined;
  if (isObject(raw[SECTION])) return raw[SECTION];
  if ('enable' in raw || 'workspaceDiagnostics' in raw || 'run' in raw) return raw;
  return undefined;
}

/** `base` with the valid keys of `raw` (a section: see sectionOf) applied. */
export function overlay(base: Settings, raw: Record<string, unknown> | undefined | null): Settings {
  if (!raw) return base;
  return {
    enable: typeof raw.enable === 'boolean' ? raw.enable : base.enable,
    workspaceDiagnostics: typeof raw.workspaceDiagnostics === 'boolean' ? raw.workspaceDiagnostics : base.workspaceDiagnostics,
    run: raw.run === 'onType' || raw.run === 'onSave' ? raw.run : base.run,
  };
}

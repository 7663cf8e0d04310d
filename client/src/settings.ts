import * as vscode from 'vscode';

export const SECTION = 'scriptContracts';

export type RunMode = 'onType' | 'onSave';

export interface ClientSettings {
  enable: boolean;
  run: RunMode;
  workspaceDiagnostics: boolean;
}

export function readSettings(): ClientSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const run = cfg.get<string>('run', 'onType');
  return {
    enable: cfg.get<boolean>('enable', true),
    run: run === 'onSave' ? 'onSave' : 'onType',
    workspaceDiagnostics: cfg.get<boolean>('workspaceDiagnostics', true),
  };
}

/** Settings whose change needs a new language client (they shape its options or the server's initialization). */
export const RESTART_SETTINGS = [`${SECTION}.run`, `${SECTION}.workspaceDiagnostics`];

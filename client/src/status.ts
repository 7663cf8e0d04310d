import * as vscode from 'vscode';

/** Params of the server's `scriptContracts/status` notification. */
export interface ServerStatus {
  state: 'indexing' | 'ready' | 'error';
  contracts: number;
  specs: number;
  scripts: number;
  files: number;
  findings: number;
  lastCheckMs: number;
  lastCheckAt: string;
  configErrors: string[];
}

export const STATUS_NOTIFICATION = 'scriptContracts/status';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Pure formatting of the language status item, kept apart from VS Code objects so it is easy to test. */
export function describeStatus(s: ServerStatus): { text: string; detail: string; error: boolean; busy: boolean } {
  const configErrors = Array.isArray(s.configErrors) ? s.configErrors : [];
  const error = s.state === 'error' || configErrors.length > 0;
  if (s.state === 'indexing') {
    return { text: '$(sync~spin) Script Contracts: indexing', detail: `${plural(s.files ?? 0, 'file')} so far`, error, busy: true };
  }
  const text = `${error ? '$(error) ' : ''}Script Contracts: ${plural(s.contracts ?? 0, 'contract')} · ${plural(s.specs ?? 0, 'spec')}`;
  const parts: string[] = [];
  if (configErrors.length > 0) parts.push(`Configuration: ${configErrors.join('; ')}`);
  parts.push(`${plural(s.findings ?? 0, 'finding')} in ${plural(s.files ?? 0, 'file')} (${plural(s.scripts ?? 0, 'script')})`);
  if (s.lastCheckAt) {
    const at = new Date(s.lastCheckAt);
    const when = Number.isNaN(at.getTime()) ? s.lastCheckAt : at.toLocaleTimeString();
    parts.push(`last check ${when}${typeof s.lastCheckMs === 'number' ? ` in ${Math.round(s.lastCheckMs)} ms` : ''}`);
  }
  return { text, detail: parts.join(' · '), error, busy: false };
}

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  last: ServerStatus | undefined;

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('scriptContracts.status', selector);
    this.item.name = 'Script Contracts';
    this.item.command = { title: 'Show Output', command: 'scriptContracts.showOutput' };
    this.starting();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Script Contracts: starting';
    this.item.detail = 'Starting the language server';
    this.item.busy = true;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  stopped(reason: string, isError: boolean): void {
    this.item.text = `${isError ? '$(error) ' : ''}Script Contracts: ${isError ? 'stopped' : 'off'}`;
    this.item.detail = reason;
    this.item.busy = false;
    this.item.severity = isError ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
  }

  update(s: ServerStatus): void {
    this.last = s;
    const d = describeStatus(s);
    this.item.text = d.text;
    this.item.detail = d.detail;
    this.item.busy = d.busy;
    this.item.severity = d.error ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
  }
}

import * as vscode from 'vscode';
import { CloseAction, type CloseHandlerResult, ErrorAction, type ErrorHandler, type ErrorHandlerResult, type Message } from 'vscode-languageclient/node';

export interface CrashPolicy {
  /** How many automatic restarts are allowed inside `windowMs`. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_CRASH_POLICY: CrashPolicy = { maxRestarts: 4, windowMs: 3 * 60 * 1000 };

/**
 * Restarts a crashed server a bounded number of times; after that it gives up and
 * tells the user once (with buttons to show the output or restart by hand).
 */
export class BoundedRestartErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];
  private toldUser = false;

  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly onGiveUp: () => void,
    private readonly policy: CrashPolicy = DEFAULT_CRASH_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    this.output.appendLine(`[client] connection error (${count ?? 1}): ${error.message}`);
    if (count !== undefined && count <= 3) return { action: ErrorAction.Continue, handled: true };
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const t = this.now();
    this.restarts.push(t);
    while (this.restarts.length > 0 && t - this.restarts[0] > this.policy.windowMs) this.restarts.shift();
    if (this.restarts.length <= this.policy.maxRestarts) {
      this.output.appendLine(
        `[client] the server stopped unexpectedly; restarting (${this.restarts.length}/${this.policy.maxRestarts} in the last ${Math.round(this.policy.windowMs / 60000)} min)`,
      );
      return { action: CloseAction.Restart, handled: true };
    }
    const msg = `The Script Contracts server crashed ${this.restarts.length} times in the last ${Math.round(this.policy.windowMs / 60000)} minutes and will not be restarted automatically.`;
    this.output.appendLine(`[client] ${msg}`);
    this.onGiveUp();
    if (!this.toldUser) {
      this.toldUser = true;
      void vscode.window.showErrorMessage(msg, 'Show Output', 'Restart Server').then((choice) => {
        if (choice === 'Show Output') void vscode.commands.executeCommand('scriptContracts.showOutput');
        else if (choice === 'Restart Server') void vscode.commands.executeCommand('scriptContracts.restartServer');
      });
    }
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

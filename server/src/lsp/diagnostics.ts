// Each file's findings, checked once per change and shared by every way they
// leave the server: pushed (textDocument/publishDiagnostics), pulled per
// document (textDocument/diagnostic), pulled for the workspace
// (workspace/diagnostic), counted in the status notification and looked up by
// code actions. A report is dropped only when a change may have touched its
// file (Session.publish names the files, from Project.dependents), so a pull
// with nothing changed checks nothing. Its result id is a digest of its
// diagnostics: a client that sends it back holds exactly these, across
// re-checks that find the same, and across server restarts.
import { createHash } from 'node:crypto';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../core';
import { toDiagnostic } from './convert';

export interface Report {
  resultId: string;
  findings: Finding[];
  items: Diagnostic[];
  /** What else the findings were made from (the folder's baseline): a report made from another is not current. */
  stamp?: unknown;
}

export const EMPTY_RESULT_ID = resultIdOf([]);

export function resultIdOf(items: Diagnostic[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('base64url').slice(0, 22);
}

export class DiagnosticCache {
  private readonly reports = new Map<string, Report>();
  private readonly waiters = new Set<() => void>();
  /** Moves on every change; a workspace pull held open waits for it to move. */
  generation = 0;
  /** Files checked so far (the tests and the benchmark read it: a pull with nothing changed adds none). */
  checks = 0;
  /** Milliseconds spent checking, in all. */
  checkMs = 0;

  constructor(
    private readonly check: (file: string) => Finding[],
    private readonly stampOf: (file: string) => unknown = () => undefined,
    private readonly toItem: (f: Finding) => Diagnostic = (f) => toDiagnostic(f),
  ) {}

  /** The file's report, checked now when no change since the last check kept it; `fresh` says it was. */
  get(file: string): { report: Report; fresh: boolean } {
    const known = this.peek(file);
    if (known) return { report: known, fresh: false };
    const t0 = performance.now();
    const stamp = this.stampOf(file);
    const findings = this.check(file);
    const items = findings.map((f) => this.toItem(f));
    const report = { resultId: resultIdOf(items), findings, items, stamp };
    this.checkMs += performance.now() - t0;
    this.checks++;
    this.reports.set(file, report);
    return { report, fresh: true };
  }

  /** The report if it is current, without checking. */
  peek(file: string): Report | undefined {
    const known = this.reports.get(file);
    return known && known.stamp === this.stampOf(file) ? known : undefined;
  }

  /** These files may have changed: their next report is checked again. */
  invalidate(files: Iterable<string>): void {
    for (const f of files) this.reports.delete(f);
    this.moved();
  }

  /** Anything may have changed (an index, the settings). */
  invalidateAll(): void {
    this.reports.clear();
    this.moved();
  }

  /** Wake whoever waits for a change (at shutdown too, so that held requests are answered). */
  moved(): void {
    this.generation++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }

  /** Resolves at the next change, or when `token` is cancelled. No timer: an idle server does nothing. */
  nextChange(token?: CancellationToken): Promise<void> {
    return new Promise<void>((resolve) => {
      if (token?.isCancellationRequested) return resolve();
      const sub = token?.onCancellationRequested(() => done());
      const done = () => {
        this.waiters.delete(done);
        sub?.dispose();
        resolve();
      };
      this.waiters.add(done);
    });
  }

  /** Requests waiting for a change now (tests). */
  get waiting(): number {
    return this.waiters.size;
  }
}

import { relativeTo } from '../paths';
import type { Config } from '../config';
import type { ContractDecl } from '../facts';
import type { Finding, Fix, Range, RelatedInformation, RuleId, Severity } from '../model';
import type { FileEntry, Project } from '../project';
import { RULES_BY_ID } from './registry';

/** What one rule module gets: the project, the file under check and a way to report. */
export class RuleContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly project: Project,
    readonly entry: FileEntry,
  ) {}

  get file(): string {
    return this.entry.file;
  }

  get config(): Config {
    return this.entry.config.config;
  }

  /** A path as users see it in messages: relative to the workspace root. */
  show(file: string): string {
    return relativeTo(this.project.root, file) || file;
  }

  contractLabel(c: ContractDecl): string {
    if (c.component) return `${c.component.label} (${this.show(c.file)})`;
    if (c.format === 'sdk') return `step "${c.name}" (${this.show(c.file)})`;
    return c.format === 'yaml' ? `the contract in ${this.show(c.file)}` : `${c.name} (${this.show(c.file)})`;
  }

  report(
    rule: RuleId,
    range: Range,
    message: string,
    extra: { related?: RelatedInformation[]; fixes?: Fix[]; severity?: Severity; unnecessary?: boolean; file?: string; entity?: string } = {},
  ): void {
    const configured = this.config.rules[rule];
    if (configured === 'off') return;
    const info = RULES_BY_ID.get(rule);
    const base = extra.severity ?? (info?.severity === 'off' ? undefined : info?.severity);
    if (!base) return;
    // A configured severity replaces the default, and also a rule's own choice for one finding (an optional channel's information).
    const severity = configured ?? base;
    this.findings.push({
      rule,
      severity,
      message,
      file: extra.file ?? this.file,
      range,
      related: extra.related ?? [],
      fixes: extra.fixes ?? [],
      tags: extra.unnecessary ? ['unnecessary'] : undefined,
      entity: extra.entity,
    });
  }
}

// Plain data types of the analysis core. Architecture invariant: nothing in
// server/src/core imports LSP or VS Code types; the server layer translates.
//
// Positions are 0-based lines and 0-based UTF-16 code-unit columns (what a
// JavaScript string index counts), which is also the LSP default encoding, so
// the server can pass ranges through unchanged. The CLI prints 1-based.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Is the position inside the range (ends included)? */
export function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** A range in a file; `file` is an absolute, normalised filesystem path. */
export interface Location {
  file: string;
  range: Range;
  /** Set when the file is made from a notebook's cells: where the range is in the notebook. */
  cell?: CellLocation;
}

/**
 * A place in a notebook cell (core/notebook.ts), set by Project.check on every
 * finding, related location and fix edit in a file made from a notebook; the
 * `file` and `range` beside it stay the source's own (what fixes apply to).
 */
export interface CellLocation {
  /** The .ipynb file. */
  notebook: string;
  /** The cell's index among all the notebook's cells (markdown ones too), from 0. */
  cell: number;
  /** The cell's nbformat id, when it has one. */
  id?: string;
  /** The range in the cell's text. */
  range: Range;
  /** Where that is in the .ipynb file's text, when the notebook was read from disk. */
  inFile?: Range;
}

/** The file a finding is shown in: the notebook for one in a notebook's cell, else its file. */
export function shownFile(f: { file: string; cell?: CellLocation }): string {
  return f.cell?.notebook ?? f.file;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export const SEVERITY_ORDER: Record<Severity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
  /** Set when the file is made from a notebook's cells (see CellLocation). */
  cell?: CellLocation;
}

/** A fix is a set of edits, possibly across several files, plus files to create. */
export interface Fix {
  title: string;
  /** Safe fixes cannot change behaviour beyond their intent; only these run in `--fix` and fix-all. */
  safe: boolean;
  edits: TextEdit[];
  createFiles?: { file: string; content: string }[];
}

export interface RelatedInformation {
  location: Location;
  message: string;
}

export type { RuleId } from './rules/registry';
import type { RuleId } from './rules/registry';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: RelatedInformation[];
  fixes: Fix[];
  /** `unnecessary` marks unused declarations (editors fade them). */
  tags?: 'unnecessary'[];
  /**
   * What the finding is about, by name: the channel, env var, argument, path or
   * keyword. With the file and the rule it keys the finding in a baseline
   * (core/baseline.ts), which must not move when lines do.
   */
  entity?: string;
  /** A finding the baseline accepts: still reported, never failing a run (set by core/baseline.ts). */
  baselined?: boolean;
  /** Set when the file is made from a notebook's cells: the finding is shown there. */
  cell?: CellLocation;
}

/** A notice about the run itself (a skipped file, a config problem) that is not tied to a rule. */
export interface Notice {
  file: string;
  message: string;
  level: 'info' | 'warning' | 'error';
}

export type Direction = 'input' | 'output';

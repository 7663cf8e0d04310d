// The analysis core's public face: what the CLI, the language server and the
// host may use. The core knows no protocol and does no IO; everything else under
// core/ is its inside (lint: noRestrictedImports in biome.json keeps cli/ and
// lsp/ to this module).

export type {
  CellLocation,
  Direction,
  Finding,
  Fix,
  Location,
  Notice,
  Position,
  Range,
  RelatedInformation,
  RuleId,
  Severity,
  SeveritySetting,
  TextEdit,
} from './model';
export { contains, SEVERITY_ORDER, shownFile } from './model';
export {
  blankIPython,
  cellLocation,
  cellsOf,
  fileColumnOf,
  fromCell,
  literalNames,
  notebookSources,
  toCell,
  toCellRange,
  writefileMagic,
  type CellInfo,
  type CellKind,
  type CellSegment,
  type NotebookCell,
  type NotebookPart,
  type NotebookProblem,
  type NotebookSource,
} from './notebook';
export type { ChannelDecl, ContractDecl, FileFacts, PythonFacts, SpecDecl, YamlFacts } from './facts';

export {
  analyzeText,
  BINARY,
  type DocumentTree,
  EMPTY_PYTHON,
  fileKind,
  isAnalysedKind,
  mayMatter,
  overSizeReason,
  type AnalyzeOptions,
  type AnalyzeResult,
  type FileKind,
} from './analyze';
export { defaultConfig, isConfigFileName, parseConfig, type Config, type ConfigError, type LoadedConfig } from './config';
export { compileGlobs, GlobError, type GlobMatcher } from './glob';
export { Project, type Declarations, type FileEntry, type NotebookChange } from './project';

export { RULES, RULES_BY_ID, isRuleId } from './rules/registry';
export type { AppliesTo, FixSafety, RuleMeta } from './rules/rule';
export { closest, suggest } from './suggest';

export { complete, type CompletionEntry } from './features/completion';
export { codeLenses, definition, documentSymbols, hover, prepareRename, references, rename, workspaceSymbols, type SymbolInfo } from './features/navigation';

export {
  Baseline,
  BASELINE_VERSION,
  baselinable,
  baselineOf,
  DEFAULT_BASELINE_FILE,
  formatBaseline,
  matchBaseline,
  parseBaseline,
  rebaseline,
  type BaselineEntry,
  type BaselineMatch,
} from './baseline';

export { pipelineGraph, type DependencyResolution, type GraphEdge, type GraphStep, type PipelineGraph } from './graph/pipeline';
export { pipelineView, type PipelineView, type ViewEdge, type ViewStep, type ViewUnresolved } from './graph/view';
export { EDGE_COLOURS, toDot, toMermaid } from './graph/render';
export { dependencyLenses } from './features/graph-lens';

export { planSafeFixes, rangesOverlap, settleSafeFixes, type FixPlan } from './fixes';
export { generatedContractFor } from './generate-contract';
export { sourceFormatOf, suppressionEdit, type SourceFormat } from './suppression';
export { declaresSomething, withLastGoodDeclarations, type ParsedVersion } from './stable-facts';
export { applyEdits, dominantLineEnding, lineStarts, loneCrAsLf, offsetAt, positionAt, type LineEnding } from './text-edits';

export { ParserFailure, initPythonParser, type ParserWasm } from './python/parser';

// Loads web-tree-sitter and the Python grammar once per process. Parsing is
// synchronous after that; callers own the trees they get and must delete them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

let ready: Promise<Parser> | undefined;
let parser: Parser | undefined;

/** The .wasm files sit next to the bundle (dist/) or in node_modules during development and tests. */
function locate(file: string, packageName: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  // Development and tests: the files ship at the root of their npm packages.
  // (web-tree-sitter's exports map hides package.json, so resolve its main file.)
  const main = packageName === 'web-tree-sitter' ? require.resolve(packageName) : require.resolve(`${packageName}/package.json`);
  return join(dirname(main), file);
}

export function initPythonParser(): Promise<Parser> {
  ready ??= (async () => {
    const runtimeWasm = locate('tree-sitter.wasm', 'web-tree-sitter');
    await Parser.init({ locateFile: () => runtimeWasm });
    const language = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python'));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
    return p;
  })();
  return ready;
}

/**
 * tree-sitter failed inside its WebAssembly (out of memory, an abort): once
 * that happens every later parse fails too, so the process must be replaced.
 */
export class ParserFailure extends Error {}

function guarded<T>(parse: () => T | null): T {
  let tree: T | null;
  try {
    tree = parse();
  } catch (e) {
    throw new ParserFailure(`the Python parser failed: ${(e as Error)?.message ?? e}`);
  }
  if (!tree) throw new ParserFailure('the Python parser returned no tree');
  return tree;
}

/** Parse synchronously; initPythonParser() must have resolved first. */
export function parsePython(text: string, previous?: Tree): Tree {
  if (!parser) throw new Error('Python parser used before initPythonParser() resolved');
  const p = parser;
  return guarded(() => p.parse(text, previous));
}

/**
 * Parse only the given ranges of the text (whole lines, in document order);
 * nodes keep their positions in the whole document.
 */
export function parsePythonRanges(text: string, ranges: readonly { start: number; end: number; startRow: number; endRow: number; endCol: number }[]): Tree {
  if (!parser) throw new Error('Python parser used before initPythonParser() resolved');
  const includedRanges = ranges.map((r) => ({
    startIndex: r.start,
    endIndex: r.end,
    startPosition: { row: r.startRow, column: 0 },
    endPosition: { row: r.endRow, column: r.endCol },
  }));
  const p = parser;
  return guarded(() => p.parse(text, null, { includedRanges }));
}

export type { Tree, Node as SyntaxNode } from 'web-tree-sitter';

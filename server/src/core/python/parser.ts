// web-tree-sitter and the Python grammar, once per process. The core does no
// IO: the host reads the two WebAssembly files (host/python-parser.ts) and
// hands their bytes here. Parsing is synchronous after that; callers own the
// trees they get and must delete them.
import { Language, Parser, type Tree } from 'web-tree-sitter';

/** The bytes of tree-sitter's runtime and of the Python grammar. */
export interface ParserWasm {
  runtime: Uint8Array;
  language: Uint8Array;
}

let ready: Promise<Parser> | undefined;
let parser: Parser | undefined;

/** Initialise once; later calls return the same promise (and need not pass the bytes again). */
export function initPythonParser(wasm?: () => ParserWasm): Promise<Parser> {
  ready ??= (async () => {
    if (!wasm) throw new Error('the Python parser was used before the host loaded it (host/python-parser.ts)');
    const { runtime, language } = wasm();
    await Parser.init({ wasmBinary: runtime } as object);
    const lang = await Language.load(language);
    const p = new Parser();
    p.setLanguage(lang);
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

// Finds and reads the two WebAssembly files the Python parser needs and hands
// them to the core (core/python/parser.ts). They sit next to the bundle
// (dist/), or in node_modules during development and tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { initPythonParser as initCore, type ParserWasm } from '../core/python/parser';

function locate(file: string, packageName: string): string {
  const beside = join(__dirname, file);
  if (existsSync(beside)) return beside;
  // web-tree-sitter's exports map hides package.json, so resolve its main file.
  const main = packageName === 'web-tree-sitter' ? require.resolve(packageName) : require.resolve(`${packageName}/package.json`);
  return join(dirname(main), file);
}

function readWasm(): ParserWasm {
  return {
    runtime: readFileSync(locate('tree-sitter.wasm', 'web-tree-sitter')),
    language: readFileSync(locate('tree-sitter-python.wasm', 'tree-sitter-python')),
  };
}

/** Load the parser once per process (thread); every face calls this before analysing Python. */
export function initPythonParser(): Promise<unknown> {
  return initCore(readWasm);
}

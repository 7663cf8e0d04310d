// Half-typed declarations (core/stable-facts.ts): while a contract or spec file
// does not parse, the last version that did lends its declarations, moved
// through the edit; a large rewrite, or a file that declares nothing, keeps its own.
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { defaultConfig } from '../../server/src/core/config';
import type { PythonFacts } from '../../server/src/core/facts';
import { textDiff, withLastGoodDeclarations } from '../../server/src/core/stable-facts';
import { initPythonParser } from '../../server/src/host/python-parser';

const CONTRACT = `from base import ScriptContract

A_CONTRACT = ScriptContract(
    entry_point="a.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    expected_output_paths={},
)
`;
const facts = (text: string) => analyzeText('/ws/contracts/a_contract.py', text, defaultConfig().config).facts as PythonFacts;

describe('half-typed declarations', () => {
  before(() => initPythonParser());

  it('textDiff finds the one replaced stretch', () => {
    assert.deepEqual(textDiff('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4 });
    assert.deepEqual(textDiff('abc', 'abc'), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.deepEqual(textDiff('ab', 'aXb'), { start: 1, oldEnd: 1, newEnd: 2 });
  });

  it('a broken edit above the contract keeps its declaration, one line lower', () => {
    const good = { text: CONTRACT, facts: facts(CONTRACT) };
    const broken = CONTRACT.replace('A_CONTRACT =', 'X = Spec(name="\nA_CONTRACT =');
    const now = facts(broken);
    assert.ok(now.hasSyntaxErrors);
    const kept = withLastGoodDeclarations(good, broken, now);
    const a = kept.assignments.find((x) => x.name === 'A_CONTRACT')!;
    assert.equal(a.nameRange.start.line, 3);
    assert.equal(a.value.range[0], 3);
    assert.equal(kept.lineCount, now.lineCount, 'the rest is the current text');
  });

  it('a rewrite of the file, or a file that parses, keeps its own facts', () => {
    const good = { text: CONTRACT, facts: facts(CONTRACT) };
    const rewrite = `${'# filler\n'.repeat(60)}A_CONTRACT = ScriptContract(entry_point="`;
    const now = facts(rewrite);
    assert.equal(withLastGoodDeclarations(good, rewrite, now), now);
    const fine = CONTRACT.replace('"a.py"', '"b.py"');
    const parsed = facts(fine);
    assert.equal(withLastGoodDeclarations(good, fine, parsed), parsed);
  });
});

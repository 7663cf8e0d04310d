// The pipeline graph over the protocol: the custom request, the same answer
// through workspace/executeCommand (for clients without custom requests), the
// dependency lenses, and a new graph after an edit.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../support/lsp-client';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const uri = (f: string) => pathToFileURL(f).href;

describe('language server: the pipeline graph', function () {
  this.timeout(30000);
  let ws: string;
  let client: TestClient;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-lsp-graph-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    client = new TestClient();
    const init = await client.initialize(ws);
    assert.equal(init.capabilities.experimental?.pipelineGraphProvider, true);
    assert.ok(init.capabilities.executeCommandProvider.commands.includes('scriptContracts.server.pipelineGraph'));
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  const edgeNames = (g: any) =>
    g.edges
      .filter((e: any) => e.state !== 'external')
      .map((e: any) => `${g.steps.find((s: any) => s.id === e.from).label}.${e.output}->${g.steps.find((s: any) => s.id === e.to).label}.${e.dependency}`);

  it('answers scriptContracts/pipelineGraph with steps named by URI, edges and why they bind', async () => {
    const g = await client.request('scriptContracts/pipelineGraph', {});
    assert.equal(g.steps.length, 6);
    assert.equal(g.folder, uri(ws).replace(/\/$/, ''));
    const payload = g.steps.find((s: any) => s.label === 'Payload');
    assert.equal(payload.spec.file, uri(join(ws, 'specs', 'payload_spec.py')));
    assert.ok(edgeNames(g).includes('Package.packaged_model->Payload.model_input'), edgeNames(g).join('\n'));
    const edge = g.edges.find((e: any) => e.output === 'packaged_model');
    assert.equal(edge.reason, 'type');
    assert.ok(edge.why.length > 2);
  });

  it('answers the same through workspace/executeCommand, for a document of the folder', async () => {
    const viaCommand = await client.request('workspace/executeCommand', {
      command: 'scriptContracts.server.pipelineGraph',
      arguments: [uri(join(ws, 'specs', 'payload_spec.py'))],
    });
    const viaRequest = await client.request('scriptContracts/pipelineGraph', { uri: uri(join(ws, 'specs', 'payload_spec.py')) });
    assert.deepEqual(viaCommand, viaRequest);
  });

  it('puts a lens on each spec dependency: its producer output, or an external producer', async () => {
    const lenses = await client.request('textDocument/codeLens', { textDocument: { uri: uri(join(ws, 'specs', 'payload_spec.py')) } });
    const titles = lenses.map((l: any) => l.command.title);
    assert.ok(titles.includes('← from Package.packaged_model, XGBoostTraining (external)'), titles.join('\n'));
    const lens = lenses.find((l: any) => l.command.title.startsWith('← from Package'));
    assert.equal(lens.command.command, 'scriptContracts.server.showReferences');
    assert.equal(lens.command.arguments[2][0].uri, uri(join(ws, 'specs', 'packaging_spec.py')));
  });

  it('computes a new graph after an edit: an output of another type no longer feeds the dependency', async () => {
    const file = join(ws, 'specs', 'packaging_spec.py');
    const text = readFileSync(file, 'utf8');
    await client.open(file, text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('output_type=DependencyType.MODEL_ARTIFACTS'));
    const col = lines[line].indexOf('MODEL_ARTIFACTS');
    await client.change(file, 2, [
      { range: { start: { line, character: col }, end: { line, character: col + 'MODEL_ARTIFACTS'.length } }, text: 'PROCESSING_OUTPUT' },
    ]);
    await client.until('the edit to be checked', () => client.published.get(uri(file))?.version === 2);
    const g = await client.request('scriptContracts/pipelineGraph', {});
    assert.ok(!edgeNames(g).includes('Package.packaged_model->Payload.model_input'), edgeNames(g).join('\n'));
    assert.equal(g.steps.find((s: any) => s.label === 'Payload').dependencies[0].state, 'external');
  });
});

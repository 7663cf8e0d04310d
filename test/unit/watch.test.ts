// The server's own watch on a workspace (host/watch.ts), folder by folder as on
// Linux: what it watches is what the workspace walk reads, nothing outside, and
// nothing after close(). Negative cases are settled by a sentinel change the
// watcher must report after the one it must not.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DiskChange, isWatchedName, WorkspaceWatcher } from '../../server/src/host/watch';
import { WorkspaceRoot } from '../../server/src/host/workspace-paths';

describe('workspace watcher', function () {
  this.timeout(20000);
  let base: string;
  let ws: string;
  let out: string;
  let watcher: WorkspaceWatcher;
  let seen: DiskChange[];
  let wake: () => void = () => undefined;

  const until = async (what: string, test: () => boolean) => {
    const deadline = Date.now() + 10000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; seen ${JSON.stringify(seen)}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, 500);
        wake = () => {
          clearTimeout(t);
          res();
        };
      });
    }
  };
  const saw = (path: string, kind: DiskChange['kind'] = 'changed') => seen.some((c) => c.path === path && c.kind === kind);

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'sc-watch-')));
    ws = join(base, 'ws');
    out = join(base, 'out');
    for (const d of [ws, out, join(ws, 'scripts'), join(ws, 'node_modules', 'pkg'), join(ws, 'build')]) mkdirSync(d, { recursive: true });
    writeFileSync(join(ws, '.gitignore'), 'build/\n');
    symlinkSync(out, join(ws, 'linked_out'));
    seen = [];
    watcher = new WorkspaceWatcher(
      WorkspaceRoot.of(ws),
      (changes) => {
        seen.push(...changes);
        wake();
      },
      { recursive: false, debounceMs: 20 },
    );
    watcher.start();
  });
  afterEach(() => {
    watcher.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('reports every file kind the analysis reads, and nothing else', () => {
    const read = ['train.py', 'x.step.yaml', 'x.step.yml', 'component.yaml', 'job.yml', 'Dockerfile', 'Dockerfile.gpu', 'build.ipynb'];
    const config = ['pyproject.toml', 'script-contracts.toml', '.gitignore'];
    for (const name of [...read, ...config]) assert.ok(isWatchedName(name), name);
    for (const name of ['README.md', 'data.csv', 'model.pkl', 'setup.cfg']) assert.ok(!isWatchedName(name), name);
  });

  it('watches the folders the walk reads: not node_modules, not what .gitignore names, not a link outside', async () => {
    assert.equal(watcher.watchedFolders, 2, 'the root and scripts/');
    writeFileSync(join(ws, 'node_modules', 'pkg', 'x.py'), '');
    writeFileSync(join(ws, 'build', 'x.py'), '');
    writeFileSync(join(out, 'x.py'), '');
    writeFileSync(join(ws, 'scripts', 'notes.txt'), '');
    writeFileSync(join(ws, 'pipeline.ipynb'), '{"cells": []}\n');
    writeFileSync(join(ws, 'scripts', 'a.py'), 'x = 1\n');
    await until('scripts/a.py', () => saw(join(ws, 'scripts', 'a.py')));
    await until('pipeline.ipynb (a notebook is a source too)', () => saw(join(ws, 'pipeline.ipynb')));
    assert.deepEqual(seen.map((c) => c.path).sort(), [join(ws, 'pipeline.ipynb'), join(ws, 'scripts', 'a.py')].sort());
  });

  it('watches a new folder and reports the files it already holds; a deleted folder is one change', async () => {
    mkdirSync(join(ws, 'steps', 'deep'), { recursive: true });
    writeFileSync(join(ws, 'steps', 'deep', 'b.step.yaml'), 'contract: {}\n');
    await until('the new folder', () => saw(join(ws, 'steps', 'deep', 'b.step.yaml')));
    writeFileSync(join(ws, 'steps', 'deep', 'c.py'), '');
    await until('a file written later in the new folder', () => saw(join(ws, 'steps', 'deep', 'c.py')));
    assert.equal(watcher.watchedFolders, 4);
    rmSync(join(ws, 'steps'), { recursive: true });
    await until('the folder deleted', () => saw(join(ws, 'steps'), 'deleted'));
    assert.equal(watcher.watchedFolders, 2, 'the deleted folders are not watched any more');
  });

  it('close() releases every watch and reports nothing more', async () => {
    watcher.close();
    assert.equal(watcher.watchedFolders, 0);
    const sentinel = new WorkspaceWatcher(
      WorkspaceRoot.of(ws),
      (changes) => {
        seen.push(...changes.map((c) => ({ ...c, path: `sentinel:${c.path}` })));
        wake();
      },
      { recursive: false, debounceMs: 20 },
    );
    sentinel.start();
    try {
      writeFileSync(join(ws, 'scripts', 'late.py'), '');
      await until('the sentinel watcher', () => saw(`sentinel:${join(ws, 'scripts', 'late.py')}`));
      assert.ok(!saw(join(ws, 'scripts', 'late.py')), 'the closed watcher reported a change');
    } finally {
      sentinel.close();
    }
  });
});

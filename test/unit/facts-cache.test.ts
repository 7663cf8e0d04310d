// The on-disk facts cache: hits only for the same size, time and configuration;
// unchanged lines survive a save; files not visited are dropped; a damaged
// cache file is read as far as it is valid and never throws.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../server/src/core/config';
import type { FileEntry } from '../../server/src/core/project';
import { analyzeText } from '../../server/src/core/analyze';
import { initPythonParser } from '../../server/src/host/python-parser';
import { contentDigest, FactsCache } from '../../server/src/host/cache';
import { loadProject } from '../../server/src/host/loader';
import { useTemporaryCacheDir } from '../support/cache-dir';

describe('facts cache', () => {
  const cacheDir = useTemporaryCacheDir('sc-facts-cache-');
  const config = defaultConfig();
  const entry = (file: string, text: string): FileEntry => ({ file, facts: analyzeText(file, text, config.config).facts, config });

  before(() => initPythonParser());
  // Facts are stored as JSON: compare with what JSON keeps (no undefined fields).
  const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
  const cacheFile = () => join(cacheDir(), readdirSync(cacheDir()).find((f) => f.endsWith('.jsonl'))!);

  it('hits only for the same size, modification time and configuration', () => {
    const c = FactsCache.open('/ws');
    const a = entry('/ws/a.py', 'X = "/opt/ml/processing/input/data"\n');
    c.set('/ws/a.py', 10, 1000, config.fingerprint, a, undefined);
    c.save();
    const r = FactsCache.open('/ws');
    assert.deepEqual(r.get('/ws/a.py', 10, 1000, config.fingerprint)?.facts, plain(a.facts));
    assert.equal(r.get('/ws/a.py', 11, 1000, config.fingerprint), undefined);
    assert.equal(r.get('/ws/a.py', 10, 1001, config.fingerprint), undefined);
    assert.equal(r.get('/ws/a.py', 10, 1000, 'another configuration'), undefined);
    assert.equal(FactsCache.open('/other-root').get('/ws/a.py', 10, 1000, config.fingerprint), undefined);
  });

  it('a save keeps visited files (replaced ones with their new facts) and drops the others', () => {
    const c = FactsCache.open('/ws');
    c.set('/ws/a.py', 1, 1, config.fingerprint, entry('/ws/a.py', 'A = 1\n'), undefined);
    c.set('/ws/b.py', 1, 1, config.fingerprint, entry('/ws/b.py', 'B = 1\n'), undefined);
    c.set('/ws/gone.py', 1, 1, config.fingerprint, entry('/ws/gone.py', 'G = 1\n'), undefined);
    c.save();
    const lineOfB = readFileSync(cacheFile(), 'utf8')
      .split('\n')
      .find((l) => l.includes('/ws/b.py'));

    const next = FactsCache.open('/ws');
    assert.ok(next.get('/ws/b.py', 1, 1, config.fingerprint));
    const a2 = entry('/ws/a.py', 'A = "changed"\n');
    next.set('/ws/a.py', 2, 2, config.fingerprint, a2, undefined);
    next.save();

    const text = readFileSync(cacheFile(), 'utf8');
    assert.ok(text.split('\n').includes(lineOfB!), 'the unchanged line is written back as it was');
    assert.ok(!text.includes('/ws/gone.py'), 'a file not visited in this run is dropped');
    const last = FactsCache.open('/ws');
    assert.deepEqual(last.get('/ws/a.py', 2, 2, config.fingerprint)?.facts, plain(a2.facts));
  });

  it('a new modification time with the same bytes is a hit (and the new time is kept); other bytes of the same size are not', () => {
    const c = FactsCache.open('/ws');
    const text = 'X = "/opt/ml/processing/input/data"\n';
    c.set('/ws/a.py', text.length, 1000, config.fingerprint, entry('/ws/a.py', text), contentDigest(Buffer.from(text)));
    c.save();
    const r = FactsCache.open('/ws');
    assert.equal(r.get('/ws/a.py', text.length, 2000, config.fingerprint), undefined);
    assert.ok(r.mayRevalidate('/ws/a.py', text.length, config.fingerprint));
    assert.equal(r.revalidate('/ws/a.py', text.length, 2000, config.fingerprint, contentDigest(Buffer.from(text.replace('data', 'date')))), undefined);
    assert.ok(r.revalidate('/ws/a.py', text.length, 2000, config.fingerprint, contentDigest(Buffer.from(text))));
    assert.ok(r.get('/ws/a.py', text.length, 2000, config.fingerprint), 'the entry now answers to the new time');
    r.save();
    assert.ok(FactsCache.open('/ws').get('/ws/a.py', text.length, 2000, config.fingerprint), 'and keeps it on disk');
    assert.equal(r.mayRevalidate('/ws/a.py', text.length + 1, config.fingerprint), false, 'a new size always means new analysis');
  });

  it('a fresh checkout (every file with a new time) re-parses nothing; a changed file of the same size is re-parsed', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'sc-checkout-'));
    try {
      cpSync(join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline'), ws, { recursive: true });
      const first = await loadProject(ws);
      assert.ok(first.stats.parsed > 0);
      const later = new Date(Date.now() + 60_000);
      const files = [...first.project.files.keys()];
      for (const f of files) utimesSync(f, later, later);
      const again = await loadProject(ws);
      assert.equal(again.stats.parsed, 0, 'nothing re-parsed after the checkout');
      assert.equal(again.stats.cached, again.stats.files);

      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      writeFileSync(script, readFileSync(script, 'utf8').replace('"DATA"', '"DATB"'));
      const edited = await loadProject(ws);
      assert.equal(edited.stats.parsed, 1, 'the same-size edit is seen');
      assert.ok(edited.project.check(script).some((f) => f.message.includes('"DATB"')));
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('a damaged cache is read up to the damage; a cache of another build is ignored', () => {
    const c = FactsCache.open('/ws');
    c.set('/ws/a.py', 1, 1, config.fingerprint, entry('/ws/a.py', 'A = 1\n'), undefined);
    c.set('/ws/b.py', 1, 1, config.fingerprint, entry('/ws/b.py', 'B = 1\n'), undefined);
    c.save();
    const file = cacheFile();
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length - 20));
    const damaged = FactsCache.open('/ws');
    assert.ok(damaged.get('/ws/a.py', 1, 1, config.fingerprint), 'the intact line is used');
    assert.equal(damaged.get('/ws/b.py', 1, 1, config.fingerprint), undefined, 'the cut line is not');

    writeFileSync(file, text.replace(/"build":"[^"]*"/, '"build":"an older build"'));
    assert.equal(FactsCache.open('/ws').get('/ws/a.py', 1, 1, config.fingerprint), undefined);
    writeFileSync(file, Buffer.from([0xff, 0x00, 0xfe, 0x0a, 0x7b]));
    assert.equal(FactsCache.open('/ws').get('/ws/a.py', 1, 1, config.fingerprint), undefined);
  });
});

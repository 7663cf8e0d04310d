// Runs every case of every rule fixture file (test/fixtures/rules/*.txt).
import { join } from 'node:path';
import { FIXTURES, fixtureCases, fixtureFiles } from '../support/fixture-files';
import { check } from '../support/markers';

describe('rule fixture files', function () {
  this.timeout(20000);
  for (const file of fixtureFiles()) {
    describe(file.replace(/\.txt$/, ''), () => {
      for (const c of fixtureCases(join(FIXTURES, file))) {
        it(c.name, () => check(c.text));
      }
    });
  }
});

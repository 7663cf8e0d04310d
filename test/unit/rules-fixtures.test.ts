// Every rule, every recognised pattern and the false-positive traps, as small
// fixtures with inline `# expect:` markers (see test/support/markers.ts).
import assert from 'node:assert/strict';
import { check } from '../support/markers';

const CONTRACT = `//- /contracts/prep_contract.py
from base import ScriptContract

PREP_CONTRACT = ScriptContract(
    entry_point="prep.py",
    expected_input_paths={
        "DATA": "/opt/ml/processing/input/data",
        "METADATA": "/opt/ml/processing/input/metadata",
    },
    expected_output_paths={
        "processed_data": "/opt/ml/processing/output",
    },
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"SEED": "42"},
    expected_arguments={"job-type": "training"},
)
`;

/** A script that uses every declared item, so that only what a test adds is reported. */
const script = (body: string, entry = '') => `//- /scripts/prep.py
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    data = input_paths["DATA"]
    meta = input_paths.get("METADATA")
    out = output_paths["processed_data"]
    label = environ_vars["LABEL_FIELD"]
    seed = os.environ.get("SEED", "42")
${body}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type")
    args = parser.parse_args()
    input_paths = {"DATA": "/opt/ml/processing/input/data", "METADATA": "/opt/ml/processing/input/metadata"}
    output_paths = {"processed_data": "/opt/ml/processing/output"}
    environ_vars = {"LABEL_FIELD": os.environ.get("LABEL_FIELD")}
${entry}
    main(input_paths, output_paths, environ_vars, args)
`;

describe('rules on fixtures', function () {
  this.timeout(20000);

  it('a fully aligned script and contract report nothing', async () => {
    await check(CONTRACT + script('    return data, meta, out, label, seed'));
  });

  describe('script rules', () => {
    it('hardcoded-path: literal, join, concat, constant, dict constant and default parameter value', async () => {
      const findings = await check(
        CONTRACT +
          `//- /scripts/prep.py
import os

DATA_DIR = "/opt/ml/processing/input/data"
PATHS = {"out": "/opt/ml/processing/output"}
BASE = "/opt/ml/processing/input"


def load(input_paths, name):
    a = "/opt/ml/processing/input/data"  # expect: hardcoded-path
    b = os.path.join("/opt/ml/processing/input/data", name)  # expect: hardcoded-path
    c = "/opt/ml/processing/input/metadata" + "/meta.json"  # expect: hardcoded-path
    d = DATA_DIR  # expect: hardcoded-path
    e = PATHS["out"]  # expect: hardcoded-path
    f = os.path.join(BASE, "data")  # expect: hardcoded-path
    return a, b, c, d, e, f


def other(path="/opt/ml/processing/output"):  # expect: hardcoded-path
    return path


def main(input_paths, output_paths, environ_vars):
    return input_paths["DATA"], input_paths["METADATA"], output_paths["processed_data"], environ_vars["LABEL_FIELD"]


if __name__ == "__main__":
    input_paths = {"DATA": "/opt/ml/processing/input/data", "METADATA": "/opt/ml/processing/input/metadata"}
    output_paths = {"processed_data": "/opt/ml/processing/output"}
    environ_vars = {"LABEL_FIELD": os.environ.get("LABEL_FIELD")}
    load(input_paths, "x")
    other()
    main(input_paths, output_paths, environ_vars)
`,
        ({ findings }) => {
          const hardcoded = findings.filter((f) => f.rule === 'hardcoded-path');
          const fixes = hardcoded.map((f) => f.fixes[0]);
          assert.equal(fixes[0].edits[0].newText, 'input_paths["DATA"]');
          assert.equal(fixes[0].safe, true, 'the dict is a parameter of load(), and the entry block wires DATA');
          assert.equal(fixes[2].edits[0].newText, 'os.path.join(input_paths["METADATA"], "meta.json")');
          assert.equal(hardcoded[6].severity, 'information', 'a parameter default applies only when a caller passes nothing');
          assert.equal(hardcoded[6].fixes.length, 0, 'and a default value is evaluated before input_paths exists: no rewrite');
        },
      );
      assert.ok(findings.length >= 7);
    });

    it('hardcoded-path follows the method style when the script uses it', async () => {
      await check(
        CONTRACT +
          `//- /scripts/prep.py
import os


def main(runtime):
    env = os.environ["LABEL_FIELD"], os.environ.get("SEED")
    data = runtime.get_input_path("DATA")
    meta = runtime.get_input_path("METADATA")
    out = runtime.get_output_path("processed_data")
    x = "/opt/ml/processing/input/data"  # expect: hardcoded-path
    return env, data, meta, out, x
`,
        ({ findings }) => {
          const f = findings.find((x) => x.rule === 'hardcoded-path')!;
          assert.equal(f.fixes[0].edits[0].newText, 'runtime.get_input_path("DATA")');
        },
      );
    });

    it('undeclared-path, but never for parents of declared paths, docstrings or comments', async () => {
      await check(
        CONTRACT +
          script(`    """Reads /opt/ml/processing/input/data and /opt/ml/processing/elsewhere."""
    # /opt/ml/processing/config is mentioned in a comment
    base = "/opt/ml/processing/input"
    cfg = "/opt/ml/processing/config/settings.json"  # expect: undeclared-path
    return data, meta, out, label, seed, base, cfg`),
      );
    });

    it('undeclared-path leaves alone what the platform provides without a channel, by job kind; configurable', async () => {
      await check(
        CONTRACT +
          script(`    helper = "/opt/ml/processing/input/code/helpers.py"
    job = "/opt/ml/config/processingjobconfig.json"
    model = "/opt/ml/model/model.tar.gz"  # expect: undeclared-path
    return data, meta, out, label, seed, helper, job, model`),
      );
      await check(
        `//- /script-contracts.toml
platform-paths = ["/opt/ml/model"]
` +
          CONTRACT +
          script(`    helper = "/opt/ml/processing/input/code/helpers.py"  # expect: undeclared-path
    model = "/opt/ml/model/model.tar.gz"
    return data, meta, out, label, seed, helper, model`),
      );
    });

    it('undeclared-channel for every read form, with the closest name as a fix; membership tests and legacy fallbacks are information', async () => {
      await check(
        CONTRACT +
          script(`    a = input_paths["metadata"]  # expect: undeclared-channel
    b = input_paths.get("SIGNATURE")  # expect: undeclared-channel
    c = "OTHER" in input_paths  # expect: undeclared-channel
    d = output_paths["model"]  # expect: undeclared-channel
    e = input_paths.get("DATA", input_paths.get("data_dir"))  # expect: undeclared-channel
    return data, meta, out, label, seed, a, b, c, d, e`),
        ({ findings }) => {
          const ch = findings.filter((f) => f.rule === 'undeclared-channel');
          assert.equal(ch[0].fixes[0].edits[0].newText, '"METADATA"');
          assert.deepEqual(
            ch.map((f) => f.severity),
            ['error', 'error', 'information', 'error', 'information'],
          );
        },
      );
    });

    it('unwired-channel and undeclared-wiring and path-mismatch in the entry block', async () => {
      await check(
        CONTRACT +
          `//- /scripts/prep.py
import os


def main(input_paths, output_paths, environ_vars):
    return input_paths["DATA"], input_paths["METADATA"], output_paths["processed_data"], environ_vars["LABEL_FIELD"]  # expect: unwired-channel


if __name__ == "__main__":
    input_paths = {
        "DATA": "/opt/ml/processing/input/data/",
        "metadata": "/opt/ml/processing/input/metadata",  # expect: undeclared-wiring
    }
    output_paths = {}
    output_paths["processed_data"] = "/opt/ml/processing/output/x"  # expect: path-mismatch
    environ_vars = {"LABEL_FIELD": os.environ.get("LABEL_FIELD")}
    main(input_paths, output_paths, environ_vars)
`,
        ({ findings }) => {
          const wire = findings.find((f) => f.rule === 'unwired-channel')!;
          assert.equal(wire.fixes[0].safe, true);
          assert.match(wire.fixes[0].edits[0].newText, /"METADATA": "\/opt\/ml\/processing\/input\/metadata"/);
          const mismatch = findings.find((f) => f.rule === 'path-mismatch')!;
          assert.equal(mismatch.fixes[0].edits[0].newText, '"/opt/ml/processing/output"');
        },
      );
    });

    it('undeclared-env-var for os.environ, getenv, environ imports, constants and `in`; not for writes or ignored names', async () => {
      await check(
        CONTRACT +
          `//- /scripts/prep.py
import os
from os import environ, getenv

ENV_X = "FROM_CONSTANT"


def main(input_paths, output_paths):
    os.environ["WRITTEN"] = "1"
    a = os.environ["A_VAR"]  # expect: undeclared-env-var
    b = os.getenv("B_VAR")  # expect: undeclared-env-var
    c = environ.get("C_VAR")  # expect: undeclared-env-var
    d = getenv(ENV_X)  # expect: undeclared-env-var
    e = "E_VAR" in os.environ  # expect: undeclared-env-var
    f = os.environ.get("SM_CURRENT_HOST"), os.environ.get("AWS_REGION"), os.environ.get("PATH")
    g = os.environ["LABEL_FIELD"], os.environ.get("SEED")
    return input_paths["DATA"], input_paths["METADATA"], output_paths["processed_data"], a, b, c, d, e, f, g
`,
      );
    });

    it('unbridged-env-var: the bridge dict is read for a key its literal never sets', async () => {
      await check(
        CONTRACT +
          script(`    s = environ_vars.get("SEED")  # expect: unbridged-env-var
    return data, meta, out, label, seed, s`),
        ({ findings }) => {
          const f = findings.find((x) => x.rule === 'unbridged-env-var')!;
          assert.equal(f.fixes[0].safe, true);
          // The read has no default, so it got None when SEED was unset; passing os.environ.get("SEED") keeps that.
          assert.match(f.fixes[0].edits[0].newText, /"SEED": os\.environ\.get\("SEED"\)/);
        },
      );
    });

    it('undeclared-argument; `-` and `_` are the same', async () => {
      await check(CONTRACT + script('    return data, meta, out, label, seed', '    parser.add_argument("--dry-run")  # expect: undeclared-argument'));
    });

    it('missing-contract for an unclaimed entry point that reads channels or container paths; not for builders, libraries, tests, contracts or specs', async () => {
      await check(
        CONTRACT +
          script('    return data, meta, out, label, seed') +
          `//- /scripts/other.py
import os  # expect: missing-contract


def main(input_paths):
    return input_paths["DATA"]


if __name__ == "__main__":
    main({"DATA": "/opt/ml/processing/input/data"})
//- /scripts/top_level.py
import pandas as pd  # expect: missing-contract

df = pd.read_csv("/opt/ml/processing/input/data/train.csv")
//- /scripts/helpers.py
import os


def unrelated(paths):
    return os.path.join(paths["x"], "y")
//- /builders/prep_builder.py
from sagemaker.processing import ProcessingInput


class PrepStepBuilder:
    def inputs(self, s3_uri):
        return [ProcessingInput(source=s3_uri, destination="/opt/ml/processing/input/data")]
//- /lib/readers.py
def read_data(input_paths):
    return open(input_paths["DATA"]).read()
//- /tests/test_other.py
from scripts.other import main


def test_main(tmp_path):
    assert main({"DATA": str(tmp_path)}) is not None
`,
      );
    });
  });

  describe('contract and spec rules', () => {
    const SPEC = (deps: string, outs: string, extra = '') => `//- /specs/prep_spec.py
from base import StepSpecification, DependencySpec, OutputSpec


def _get_contract():
    from ..contracts.prep_contract import PREP_CONTRACT
    return PREP_CONTRACT


PREP_SPEC = StepSpecification(
    step_type="Prep",
    script_contract=_get_contract(),
    dependencies=[${deps}],
    outputs=[${outs}],${extra}
)
`;
    const _okDeps = 'DependencySpec(logical_name="DATA"), DependencySpec(logical_name="METADATA", required=False)';
    const okOuts = 'OutputSpec(logical_name="processed_data")';

    it('unused-channel, unused-env-var and unused-argument on the contract', async () => {
      await check(
        CONTRACT.replace(
          '"DATA": "/opt/ml/processing/input/data",',
          '"DATA": "/opt/ml/processing/input/data",\n        "EXTRA": "/opt/ml/processing/input/extra",  # expect: unused-channel',
        )
          .replace('required_env_vars=["LABEL_FIELD"],', 'required_env_vars=["LABEL_FIELD",\n        "UNUSED_VAR"],  # expect: unused-env-var')
          .replace(
            'expected_arguments={"job-type": "training"},',
            'expected_arguments={"job-type": "training",\n        "mode": "x"},  # expect: unused-argument',
          ) + script('    return data, meta, out, label, seed'),
        ({ findings }) => assert.ok(findings.every((f) => f.tags?.includes('unnecessary'))),
      );
    });

    it('spec-dependency-undeclared and spec-output-undeclared, with contract-*-unspecified back', async () => {
      await check(
        CONTRACT.replace('"DATA": "/opt/ml/processing/input/data",', '"DATA": "/opt/ml/processing/input/data",  # expect: contract-input-unspecified').replace(
          '"processed_data": "/opt/ml/processing/output",',
          '"processed_data": "/opt/ml/processing/output",  # expect: contract-output-unspecified',
        ) +
          script('    return data, meta, out, label, seed') +
          SPEC(
            'DependencySpec(logical_name="METADATA"),\n        DependencySpec(logical_name="SIGNATURE")  # expect: spec-dependency-undeclared\n    ',
            'OutputSpec(logical_name="model")  # expect: spec-output-undeclared\n    ',
          ),
      );
    });

    it('job-type variants: the union of their dependencies counts; a dict of dependencies is read too', async () => {
      await check(
        CONTRACT +
          script('    return data, meta, out, label, seed') +
          SPEC('DependencySpec(logical_name="DATA")', okOuts) +
          `//- /specs/prep_calibration_spec.py
from ..contracts.prep_contract import PREP_CONTRACT

PREP_CALIBRATION_SPEC = StepSpecification(
    step_type=get_spec_step_type_with_job_type("Prep", "calibration"),
    script_contract=PREP_CONTRACT,
    dependencies={"METADATA": DependencySpec(logical_name="METADATA")},
    outputs={"processed_data": OutputSpec(logical_name="processed_data")},
)
`,
      );
    });

    it('missing-script, unknown-keyword, invalid-path and duplicate-channel', async () => {
      await check(`//- /contracts/train_contract.py
TRAIN_CONTRACT = TrainingScriptContract(
    entry_point="train.py",  # expect: missing-script
    expected_input_paths={
        "train": "/opt/ml/input/data/train",
        "config": "/opt/ml/processing/input/config",  # expect: invalid-path
        "train": "/opt/ml/input/data/train2",  # expect: duplicate-channel
    },
    expected_output_paths={"model": "/opt/ml/model"},
    required_env_var=["X"],  # expect: unknown-keyword
)
`);
    });

    it('unknown-keyword uses the fields of a workspace class, including inherited ones', async () => {
      await check(`//- /base.py
from pydantic import BaseModel


class ScriptContract(BaseModel):
    entry_point: str
    expected_input_paths: dict


class MyContract(ScriptContract):
    extra_field: str = ""
//- /contracts/c.py
C = MyContract(
    entry_point="s.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    extra_field="ok",
    expected_output_paths={},  # expect: unknown-keyword@information
)
//- /s.py
def main(input_paths):
    return input_paths["DATA"]
`);
    });

    it('extra-keywords accepts what a loader reads, by role, in Python classes and *.step.yaml blocks alike', async () => {
      await check(
        `//- /script-contracts.toml
[extra-keywords]
contract = ["source_dir"]
output = ["semantic_keywords"]
channel = ["format"]
dependecy = ["x"]  # expect: config-error
//- /contracts/c.py
C = ScriptContract(
    entry_point="s.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    expected_output_paths={},
    sorce_dir="src",  # expect: unknown-keyword
)
//- /s.py
def main(input_paths):
    return input_paths["DATA"]
//- /interfaces/t.step.yaml
contract:
  entry_point: t.py
  source_dir: src
  inputs:
    DATA: { path: /opt/ml/processing/input/data, format: csv }
  outputs:
    out: { path: /opt/ml/processing/output/out, format: csv }
spec:
  step_type: T
  dependencies:
    DATA: { required: true, semantic_keywords: [data] }
  outputs:
    out: { semantic_keywords: [out], color: red, aliasses: [o] }  # expect: unknown-keyword
//- /t.py
def main(input_paths, output_paths):
    return input_paths["DATA"], output_paths["out"]
`,
        ({ findings }) => {
          const typo = findings.find((f) => f.rule === 'unknown-keyword' && f.message.includes('sorce_dir'))!;
          assert.match(typo.message, /did you mean "source_dir"/, 'an extra keyword is also a spelling suggestion');
          assert.match(findings.find((f) => f.rule === 'config-error')!.message, /unknown role "dependecy".*did you mean "dependency"/);
          const yaml = findings.filter((f) => f.rule === 'unknown-keyword' && f.file.endsWith('t.step.yaml'));
          assert.deepEqual(
            yaml.map((f) => f.message.match(/"(\w+)"/)![1]),
            ['aliasses'],
            'a YAML key near no accepted key ("color") is the project\'s own, not a typo',
          );
        },
      );
    });

    it('strict-keywords reports every key outside the built-in schema, at information', async () => {
      await check(
        `//- /script-contracts.toml
strict-keywords = true
//- /interfaces/t.step.yaml
contract:
  entry_point: t.py
  inputs:
    DATA: { path: /opt/ml/processing/input/data, color: red }  # expect: unknown-keyword
//- /t.py
def main(input_paths):
    return input_paths["DATA"]
`,
        ({ findings }) => {
          const f = findings.find((x) => x.rule === 'unknown-keyword')!;
          assert.equal(f.severity, 'information');
          assert.match(f.message, /"color" is not in the built-in schema/);
        },
      );
    });

    it('duplicate-entry-point and contract-drift between a Python and a YAML contract', async () => {
      await check(
        CONTRACT.replace('entry_point="prep.py",', 'entry_point="prep.py",  # expect: duplicate-entry-point').replace(
          '"METADATA": "/opt/ml/processing/input/metadata",',
          '"METADATA": "/opt/ml/processing/input/metadata",  # expect: contract-drift',
        ) +
          `//- /contracts/prep_again.py
PREP_AGAIN = ScriptContract(
    entry_point="prep.py",  # expect: duplicate-entry-point
    expected_input_paths={"DATA": "/opt/ml/processing/input/data", "METADATA": "/opt/ml/processing/input/metadata"},  # expect: contract-drift
    expected_output_paths={"processed_data": "/opt/ml/processing/output"},
    required_env_vars=["LABEL_FIELD"],
    optional_env_vars={"SEED": "42"},
    expected_arguments={"job-type": "training"},
)
//- /interfaces/prep.step.yaml
contract:
  entry_point: prep.py
  inputs:
    DATA: { path: /opt/ml/processing/input/data }
    METADATA: { path: /opt/ml/processing/input/meta }
  outputs:
    processed_data: { path: /opt/ml/processing/output }
  env_vars:
    required: [LABEL_FIELD]
    optional: { SEED: "42" }
` +
          script('    return data, meta, out, label, seed'),
        ({ findings }) => {
          const drift = findings.filter((f) => f.rule === 'contract-drift');
          assert.equal(drift.length, 2, 'one drift finding per Python contract for METADATA');
          assert.match(drift[0].message, /"METADATA" is at "\/opt\/ml\/processing\/input\/metadata" here but at "\/opt\/ml\/processing\/input\/meta"/);
        },
      );
    });
  });

  describe('configuration', () => {
    it('rules can be turned off or re-graded; unknown keys are config errors on the config file', async () => {
      await check(
        `//- /pyproject.toml
[tool.script-contracts]
input-acessors = ["paths"]  # expect: config-error

[tool.script-contracts.rules]
hardcoded-path = "error"
undeclared-env-var = "off"
` +
          CONTRACT +
          script(`    x = "/opt/ml/processing/input/data"  # expect: hardcoded-path
    y = os.environ.get("NOT_DECLARED")
    return data, meta, out, label, seed, x, y`),
        ({ findings }) => {
          assert.equal(findings.find((f) => f.rule === 'hardcoded-path')!.severity, 'error');
          assert.match(findings.find((f) => f.rule === 'config-error')!.message, /did you mean "input-accessors"/);
        },
      );
    });
  });
});

// Messages about SDK channels name what the files say: an unnamed ProcessingInput by its folder.
import assert from 'node:assert/strict';
import { check } from '../support/markers';

const PIPELINE = `
//- /pipelines/pipeline.py
import os

from sagemaker.processing import ProcessingInput
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.workflow.steps import ProcessingStep

BASE_DIR = os.path.dirname(os.path.realpath(__file__))


def get_pipeline(role):
    processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1)
    return ProcessingStep(
        name="Prep",
        step_args=processor.run(
            code=os.path.join(BASE_DIR, "prep.py"),
            inputs=[
                ProcessingInput(source="s3://bucket/raw", destination="/opt/ml/processing/input/raw"),
                ProcessingInput(source="s3://bucket/extra", destination="/opt/ml/processing/input/extra"),  # expect: unused-channel@warning
            ],
        ),
    )
//- /pipelines/prep.py
import pandas as pd

if __name__ == "__main__":
    df = pd.read_csv("/opt/ml/processing/input/raw/data.csv")
    print(len(df))
`;

describe('SDK channel messages', function () {
  this.timeout(20000);

  it('an unnamed input is named by its destination, with the name SageMaker derives beside it', async () => {
    const findings = await check(PIPELINE);
    const unused = findings.find((f) => f.rule === 'unused-channel')!;
    assert.match(unused.message, /^Required input at \/opt\/ml\/processing\/input\/extra \(no input_name, so SageMaker calls it "input-2"\) is never read/);
    assert.equal(unused.entity, 'input-2', 'the baseline key stays the derived name');
  });
});

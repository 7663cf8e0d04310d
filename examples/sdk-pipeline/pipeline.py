"""A model-build pipeline in the shape of AWS's template: preprocess, train, evaluate, condition."""
import os

from sagemaker.inputs import TrainingInput
from sagemaker.processing import ProcessingInput, ProcessingOutput
from sagemaker.sklearn.estimator import SKLearn
from sagemaker.sklearn.processing import SKLearnProcessor
from sagemaker.workflow.condition_step import ConditionStep
from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo
from sagemaker.workflow.functions import JsonGet
from sagemaker.workflow.pipeline import Pipeline
from sagemaker.workflow.properties import PropertyFile
from sagemaker.workflow.steps import ProcessingStep, TrainingStep

BASE_DIR = os.path.dirname(os.path.realpath(__file__))


def get_pipeline(role, input_data, pipeline_session, instance_type="ml.m5.xlarge"):
    processor = SKLearnProcessor(
        framework_version="1.2-1",
        role=role,
        instance_type=instance_type,
        instance_count=1,
        env={"LABEL_COLUMN": "churn"},
        sagemaker_session=pipeline_session,
    )
    step_args = processor.run(
        code=os.path.join(BASE_DIR, "preprocess.py"),
        inputs=[
            ProcessingInput(source=input_data, destination="/opt/ml/processing/input", input_name="raw"),
            ProcessingInput(source=input_data, destination="/opt/ml/processing/input", input_name="lookup"),
        ],
        outputs=[
            ProcessingOutput(output_name="train", source="/opt/ml/processing/train"),
            ProcessingOutput(output_name="validation", source="/opt/ml/processing/validation"),
            ProcessingOutput(output_name="test", source=os.path.join("/opt/ml/processing", "test")),
        ],
        arguments=["--train-ratio", "0.8", "--seed", "42"],
    )
    step_process = ProcessingStep(name="PreprocessData", step_args=step_args)

    estimator = SKLearn(
        entry_point="train.py",
        source_dir=BASE_DIR,
        framework_version="1.2-1",
        role=role,
        instance_type=instance_type,
        hyperparameters={"n-estimators": 100, "learning-rate": 0.1},
        sagemaker_session=pipeline_session,
    )
    step_train = TrainingStep(
        name="TrainModel",
        step_args=estimator.fit(
            inputs={
                "train": TrainingInput(s3_data=step_process.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri),
                "validation": TrainingInput(s3_data=step_process.properties.ProcessingOutputConfig.Outputs["validation"].S3Output.S3Uri),
            }
        ),
    )

    evaluation_report = PropertyFile(name="EvaluationReport", output_name="evaluation", path="evaluation.json")
    eval_args = processor.run(
        code=os.path.join(BASE_DIR, "evaluate.py"),
        inputs=[
            ProcessingInput(source=step_train.properties.ModelArtifacts.S3ModelArtifacts, destination="/opt/ml/processing/model"),
            ProcessingInput(
                source=step_process.properties.ProcessingOutputConfig.Outputs["test"].S3Output.S3Uri,
                destination="/opt/ml/processing/test",
            ),
        ],
        outputs=[ProcessingOutput(output_name="evaluation", source="/opt/ml/processing/evaluation")],
    )
    step_eval = ProcessingStep(name="EvaluateModel", step_args=eval_args, property_files=[evaluation_report])

    condition = ConditionGreaterThanOrEqualTo(
        left=JsonGet(step_name=step_eval.name, property_file=evaluation_report, json_path="classification_metrics.f1.value"),
        right=0.7,
    )
    step_cond = ConditionStep(name="CheckF1", conditions=[condition], if_steps=[], else_steps=[])

    return Pipeline(name="ChurnPipeline", steps=[step_process, step_train, step_eval, step_cond], sagemaker_session=pipeline_session)

"""Builds the scoring step with the Azure ML SDK v2 (run from the azureml folder)."""

from azure.ai.ml import Input, Output, command


def scoring_step(environment):
    return command(
        name="score_model",
        code="src",
        command="python score.py \
                --model ${{inputs.model}} \
                --test_data ${{inputs.test_data}} \
                --threshold ${{inputs.threshold}} \
                --predictions ${{outputs.predictions}}",
        environment=environment,
        inputs={
            "model": Input(type="mlflow_model"),
            "test_data": Input(type="uri_folder"),
            "threshold": Input(type="number", default=0.5),
        },
        outputs={"predictions": Output(type="uri_folder")},
    )

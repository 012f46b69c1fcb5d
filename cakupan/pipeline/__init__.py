"""The analytics pipeline (no Django): staging -> linkage -> marts on DuckDB or Spark.

    from cakupan.pipeline import PipelineInputs, run_pipeline
"""
from .inputs import PipelineInputs
from .run import RunResult, run_pipeline
from .steps import PipelineCheckError, Step

__all__ = ["PipelineInputs", "PipelineCheckError", "RunResult", "Step", "run_pipeline"]

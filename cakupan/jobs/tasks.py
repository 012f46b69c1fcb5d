"""The one task on the queue: run Job #id (cakupan.jobs.runner does the work)."""
from django_tasks import task


@task()
def job_task(job_id: int) -> None:
    from .runner import job_execute

    job_execute(job_id=job_id)

"""Background jobs: imports, quarantine fixes and coverage runs started from the browser or the API,
run by `cakupan worker` on a database-backed queue (django-tasks-db). Public door:

    services.upload_save / job_import_submit / job_run_submit / job_cancel / job_retry
    selectors.jobs_visible / job_visible / job_as_json
    worker.worker_run, worker.jobs_recover
"""

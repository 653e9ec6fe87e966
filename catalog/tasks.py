from celery import shared_task

from catalog import car_import


@shared_task
def run_car_import(job_id, dry_run):
    """The dry run or the import of an uploaded file of car ads (catalog.car_import); safe to run twice."""
    job = car_import.run_job(job_id, dry_run=dry_run)
    return job.status

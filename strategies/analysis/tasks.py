"""Background tasks of consultation analysis (django-tasks)."""

from django_tasks import task

from strategies.analysis import services


@task(priority=-5)
def group_similar_answers(run_id: int) -> None:
    """Groups a consultation's identical and near-identical answers, with progress."""
    services.run_grouping(run_id=run_id)

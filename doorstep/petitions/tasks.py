from django_tasks import task

from . import services


@task()
def close_petition_when_due(*, petition_id: int) -> None:
    services.petition_close_if_due(petition_id=petition_id)

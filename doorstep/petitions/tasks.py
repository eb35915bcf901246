from django_tasks import task

# services.py imports this module too: both import the module, not its names, so either may load first.
from . import services


@task()
def close_petition_when_due(*, petition_id: int) -> None:
    services.petition_close_if_due(petition_id=petition_id)

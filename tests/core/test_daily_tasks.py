from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from doorstep.core.tasks import daily_tasks_schedule
from doorstep.signatures.tasks import apply_retention

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_queue(settings):
    # django-tasks rebuilds its backends when the setting changes.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_a_worker_starting_queues_the_daily_jobs_once(database_queue):
    assert daily_tasks_schedule() == [
        "doorstep.signatures.tasks.apply_retention",
        "doorstep.scheme.tasks.apply_scheme_retention",
    ]
    assert daily_tasks_schedule() == []  # a second worker starting queues nothing more
    assert DBTaskResult.objects.filter(task_path=apply_retention.module_path).count() == 1


def test_the_daily_job_queues_itself_for_tomorrow(database_queue):
    apply_retention.call()
    tomorrow = DBTaskResult.objects.get(task_path=apply_retention.module_path)
    assert tomorrow.run_after > timezone.now() + timedelta(hours=23)
    assert default_task_backend.supports_defer

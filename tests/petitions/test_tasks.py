import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("first", ["doorstep.petitions.tasks", "doorstep.petitions.services"])
def test_tasks_and_services_load_in_either_order(first):
    """The worker imports the task module by its path, before anything imports the services."""
    code = (
        "import django; django.setup(); "
        f"import {first}; "
        "from doorstep.petitions import services, tasks; "
        "assert services.tasks.close_petition_when_due is tasks.close_petition_when_due"
    )
    result = subprocess.run(  # noqa: S603 (the code is this test's own)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert result.returncode == 0, result.stderr

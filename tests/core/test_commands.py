import io
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from doorstep.petitions.models import Petition
from doorstep.signatures.models import Tally
from doorstep.signatures.selectors.counts import petition_counts
from tests.factories import PetitionFactory, sign


@pytest.mark.django_db
def test_recount_repairs_drift(petition):
    for _ in range(4):
        sign(petition)
    Tally.objects.filter(petition=petition).delete()
    out = io.StringIO()
    call_command("recount", stdout=out)
    assert "repaired online +4" in out.getvalue()
    assert petition_counts(petition=petition).online == 4
    out = io.StringIO()
    call_command("recount", "--petition", str(petition.pk), stdout=out)
    assert "correct" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("recount", "--petition", "999999")


@pytest.mark.django_db
def test_close_petitions_command():
    petition = PetitionFactory()
    Petition.objects.filter(pk=petition.pk).update(closing_date=timezone.localdate() - timedelta(days=2))
    out = io.StringIO()
    call_command("close_petitions", stdout=out)
    assert "Closed 1 petition" in out.getvalue()


def test_doorstep_command_accepts_dashes():
    result = subprocess.run(
        [sys.executable, "-m", "doorstep.cli", "close-petitions", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Close every open petition" in result.stdout

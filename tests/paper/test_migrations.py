"""Migration 0002 renames the count-only fields (Django's own operations) and the stored state."""

from importlib import import_module

import pytest
from django.apps import apps

from doorstep.paper.models import Sheet
from tests.factories import printed_sheet

pytestmark = pytest.mark.django_db

count_only = import_module("doorstep.paper.migrations.0002_count_only")


def test_sheets_entered_as_a_count_keep_their_state_both_ways(petition):
    sheet = printed_sheet(petition)
    Sheet.objects.filter(pk=sheet.pk).update(state="tallied")
    count_only.states_renamed("tallied", "count_only")(apps, None)
    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.COUNT_ONLY
    count_only.states_renamed("count_only", "tallied")(apps, None)
    assert Sheet.objects.get(pk=sheet.pk).state == "tallied"

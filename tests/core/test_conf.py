import re
from pathlib import Path

import pytest

from doorstep.core.conf import DoorstepSettings, env_value, settings_table

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_is_made_from_the_settings_object():
    text = README.read_text()
    block = re.search(r"<!-- doorstep-settings: start -->\n(.*?)<!-- doorstep-settings: end -->", text, re.S)
    assert block, "README lost its settings table markers"
    assert block.group(1) == settings_table(), "run: python -c 'from doorstep.core.conf import settings_table'"


def test_every_setting_is_read_from_its_environment_variable():
    environ = {env: "" for env, _, _ in DoorstepSettings.documented()}
    assert DoorstepSettings.from_env(environ) == DoorstepSettings()
    changed = DoorstepSettings.from_env(
        {"DOORSTEP_PAPER_ENTRY_DAYS": "7", "DOORSTEP_MAILING_RATE": "2.5", "DOORSTEP_ALERT_EMAILS": "a@x.org, b@x.org"}
    )
    assert changed.paper_entry_days == 7
    assert changed.mailing_rate == 2.5
    assert changed.alert_emails == ("a@x.org", "b@x.org")


def test_addresses_split_on_a_vertical_bar():
    value = env_value("ADDRESS", ("a",), {"ADDRESS": "Office|1 High Street, Dagenham|RM10 7XX"})
    assert value == ("Office", "1 High Street, Dagenham", "RM10 7XX")


@pytest.mark.parametrize("raw, default, expected", [("yes", False, True), ("0", True, False), (" ", 4, 4)])
def test_env_value_parses_by_the_default_type(raw, default, expected):
    assert env_value("X", default, {"X": raw}) == expected


def test_a_bad_number_names_the_variable():
    with pytest.raises(ValueError, match="DOORSTEP_COUNT_SHARDS='many' is not a valid int"):
        DoorstepSettings.from_env({"DOORSTEP_COUNT_SHARDS": "many"})

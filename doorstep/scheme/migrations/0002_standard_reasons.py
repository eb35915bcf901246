"""The standard reasons a moderator may give for turning a petition down (staff may reword them)."""

from django.db import migrations

REASONS = [
    (
        "duplicate",
        "It duplicates a petition that is already open",
        "There is already a petition about this. Please sign that one instead: the more signatures a petition has,"
        " the more likely it is to be answered and debated.",
        "duplicate",
        False,
    ),
    (
        "irrelevant",
        "It is about something we are not responsible for",
        "Petitions must ask for something we are responsible for. We have said who is, and where to go instead.",
        "elsewhere",
        False,
    ),
    (
        "no-action",
        "It does not make a clear request",
        "Petitions must call for a specific action. This one did not say clearly what it wanted us to do.",
        "",
        False,
    ),
    (
        "offensive",
        "It is offensive or defamatory",
        "It included language that is offensive, or could be defamatory or false.",
        "",
        True,
    ),
    (
        "confidential",
        "It holds confidential or personal information",
        "It included confidential information, or information that could identify someone.",
        "",
        True,
    ),
]


def add_reasons(apps, schema_editor):
    RejectionReason = apps.get_model("scheme", "RejectionReason")
    for position, (code, title, description, asks, hides) in enumerate(REASONS, 1):
        RejectionReason.objects.get_or_create(
            code=code,
            defaults={"title": title, "description": description, "asks": asks, "hides": hides, "position": position},
        )


def remove_reasons(apps, schema_editor):
    apps.get_model("scheme", "RejectionReason").objects.filter(code__in=[reason[0] for reason in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("scheme", "0001_initial")]

    operations = [migrations.RunPython(add_reasons, remove_reasons)]

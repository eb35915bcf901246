"""The count-only entry of a sheet gets one name (it was "tally", which is also the
signatures app's word for its kept counts); the two keyings of a row become choices."""

from django.conf import settings
from django.db import migrations, models


def states_renamed(old: str, new: str):
    def rename(apps, schema_editor):
        apps.get_model("paper", "Sheet").objects.filter(state=old).update(state=new)

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("paper", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("PaperTallyTotal", "CountOnlyTotal"),
        migrations.RenameField("countonlytotal", "tallied", "signatures"),
        migrations.RenameField("sheet", "tally_count", "count_only"),
        migrations.RenameField("sheet", "tallied_at", "count_only_at"),
        migrations.RenameField("sheet", "tallied_by", "count_only_by"),
        migrations.AlterField(
            model_name="sheet",
            name="state",
            field=models.CharField(
                choices=[
                    ("out", "Not returned"),
                    ("count_only", "Tallied (count only)"),
                    ("keying", "Being keyed"),
                    ("keyed", "Keyed"),
                ],
                default="out",
                max_length=10,
            ),
        ),
        migrations.RunPython(states_renamed("tallied", "count_only"), states_renamed("count_only", "tallied")),
        migrations.AlterField(
            model_name="sheetrow",
            name="keying",
            field=models.PositiveSmallIntegerField(choices=[(1, "First keying"), (2, "Second keying")], default=1),
        ),
    ]

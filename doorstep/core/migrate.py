"""For post_migrate receivers that load data Doorstep ships with (after `migrate`, and after a flush)."""

from django.apps.registry import Apps


def migrated_with(apps: Apps, *, model: str, field: str) -> bool:
    """Whether the migrated state `apps` has `model` ("app_label.Model") with `field`: so a receiver
    writes only to tables migrated far enough (not during `migrate places 0001`, say)."""
    try:
        found = apps.get_model(model)
    except LookupError:
        return False
    return any(each.name == field for each in found._meta.get_fields())

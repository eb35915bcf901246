from collections.abc import Iterable

from .models import Suppression


def suppressed_addresses(*, emails_normalised: Iterable[str], scope: str) -> set[str]:
    """Which of these (normalised) addresses may not be mailed within `scope`:
    suppressed everywhere, or for that scope."""
    return set(
        Suppression.objects.filter(
            email_normalised__in=list(emails_normalised), scope__in=[Suppression.EVERYWHERE, scope]
        ).values_list("email_normalised", flat=True)
    )

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from doorstep.mailings.services import email_send
from doorstep.petitions.models import Petition


def alert_recipients() -> list[str]:
    """DOORSTEP_ALERT_EMAILS, else every active administrator with an address."""
    if settings.DOORSTEP.alert_emails:
        return list(settings.DOORSTEP.alert_emails)
    users = get_user_model().objects.filter(is_active=True, is_staff=True, role="administrator").exclude(email="")
    return list(users.values_list("email", flat=True))


@task()
def send_activity_alert(*, source: str, value: str, petition_id: int, count: int) -> None:
    """Tell staff that one source has signed a petition unusually often in the last hour."""
    petition = Petition.objects.filter(pk=petition_id).first()
    if petition is None:
        return
    for to in alert_recipients():
        email_send(
            to=to,
            template="trust/email/alert",
            context={"source": source, "value": value, "petition": petition, "count": count},
        )

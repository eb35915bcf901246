from django_tasks import task

from doorstep.mailings.services import email_send
from doorstep.petitions.selectors import petition_get

from .models import Source
from .selectors import alert_recipients


@task()
def send_activity_alert(*, source: str, value: str, petition_id: int, count: int) -> None:
    """Tell staff that one source (a Source value) has signed a petition unusually often in the last hour."""
    petition = petition_get(petition_id=petition_id)
    if petition is None:
        return
    for to in alert_recipients():
        email_send(
            to=to,
            template="trust/email/alert",
            context={"source": Source(source).label, "value": value, "petition": petition, "count": count},
        )

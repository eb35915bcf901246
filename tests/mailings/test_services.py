import pytest

from doorstep.core.emails import email_normalise
from doorstep.mailings.models import Suppression
from doorstep.mailings.selectors import suppressed_addresses
from doorstep.mailings.services import suppression_add, unsubscribe_headers

pytestmark = pytest.mark.django_db


def suppressed(email: str, scope: str) -> bool:
    return bool(suppressed_addresses(emails_normalised=[email_normalise(email)], scope=scope))


def test_suppression_is_by_normalised_inbox_and_scope():
    assert suppression_add(email="John.Smith+x@GoogleMail.com", reason=Suppression.Reason.UNSUBSCRIBED, scope="p:1")
    assert not suppression_add(email="johnsmith@gmail.com", reason=Suppression.Reason.UNSUBSCRIBED, scope="p:1")
    assert suppressed("j.o.h.n.smith@gmail.com", "p:1")
    assert not suppressed("johnsmith@gmail.com", "p:2")
    suppression_add(email="johnsmith@gmail.com", reason=Suppression.Reason.BOUNCED)
    assert suppressed("johnsmith@gmail.com", "p:2")  # a bounce stops every list


def test_unsubscribe_headers():
    assert unsubscribe_headers(url="https://x.test/u/1") == {
        "List-Unsubscribe": "<https://x.test/u/1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }

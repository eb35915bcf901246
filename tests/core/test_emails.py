import pytest

from doorstep.core.emails import email_mask, email_normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Jane@Example.com", "jane@example.com"),
        ("  jane@example.com ", "jane@example.com"),
        ("jane+petition@example.com", "jane@example.com"),
        ("j.a.n.e@gmail.com", "jane@gmail.com"),
        ("J.Ane+x@GoogleMail.com", "jane@gmail.com"),
        ("j.ane@example.com", "j.ane@example.com"),
    ],
)
def test_one_inbox_one_address(raw, expected):
    assert email_normalise(raw) == expected


@pytest.mark.parametrize(
    ("email", "masked"),
    [("jane@example.org", "j•••@example.org"), (" J@x.test ", "J•••@x.test"), ("no-at-sign", "n•••"), ("", "•••")],
)
def test_an_address_masked_but_for_its_first_letter_and_domain(email, masked):
    assert email_mask(email) == masked

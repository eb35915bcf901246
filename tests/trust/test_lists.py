import pytest

from doorstep.core.errors import ApplicationError
from doorstep.trust.lists import (
    domain_is_disposable,
    domain_matches,
    domain_value_clean,
    email_value_clean,
    ip_hash,
    ip_value_clean,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("192.0.2.7", "192.0.2.7/32"), (" 192.0.2.7/24 ", "192.0.2.0/24"), ("2001:db8::1/48", "2001:db8::/48")],
)
def test_ip_values_are_made_canonical(raw, clean):
    assert ip_value_clean(raw) == clean


@pytest.mark.parametrize(
    "hostile",
    [
        "",
        "999.1.1.1",
        "192.0.2.0/33",
        "0.0.0.0/0",
        "10.0.0.0/7",
        "::/0",
        "2001:db8::/8",
        "192.0.2.1; DROP TABLE",
        "x" * 500,
    ],
)
def test_ip_values_that_are_not_addresses_or_too_wide_are_refused(hostile):
    with pytest.raises(ApplicationError):
        ip_value_clean(hostile)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("Example.COM.", "example.com"), ("@spam.test", "spam.test"), ("*.spam.test", "*.spam.test"), ("*.ru", "*.ru")],
)
def test_domains_are_made_canonical(raw, clean):
    assert domain_value_clean(raw) == clean


@pytest.mark.parametrize(
    "hostile", ["", "*", "*.*", "com", "exa mple.com", "a..b", "<script>.com", "%.com", "[a-z].com", "a" * 260 + ".com"]
)
def test_domains_that_are_not_domains_are_refused(hostile):
    with pytest.raises(ApplicationError):
        domain_value_clean(hostile)


def test_email_values_are_normalised_like_signatures():
    assert email_value_clean("J.Ane+bot@GoogleMail.com") == "jane@gmail.com"
    for hostile in ["", "no-at-sign", "@example.com", "a b@example.com", "a@localhost"]:
        with pytest.raises(ApplicationError):
            email_value_clean(hostile)


def test_plain_domains_match_subdomains_and_wildcards_match_as_patterns():
    assert domain_matches("spam.test", "spam.test")
    assert domain_matches("mx.spam.test", "spam.test")
    assert not domain_matches("notspam.test", "spam.test")
    assert domain_matches("a.spam.test", "*.spam.test")
    assert not domain_matches("spam.test", "*.spam.test")
    assert domain_matches("mail.ru", "*.ru")
    assert domain_matches("mailbot7.test", "mailbot*.test")


def test_disposable_domains_come_from_the_maintained_list():
    assert domain_is_disposable("mailinator.com")
    assert domain_is_disposable("x.mailinator.com")
    assert not domain_is_disposable("gmail.com")
    assert not domain_is_disposable("example.org")


def test_ip_hash_is_stable_and_does_not_show_the_address():
    assert ip_hash("192.0.2.1") == ip_hash("192.0.2.1")
    assert ip_hash("192.0.2.1") != ip_hash("192.0.2.2")
    assert "192" not in ip_hash("192.0.2.1")

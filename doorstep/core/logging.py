"""No secrets or personal data in logs: email addresses, IP addresses and the secret part
of signers' links in a log message are replaced before it is written, whichever library
logged it, and in gunicorn's access and error logs (`GunicornLogger`)."""

import ipaddress
import logging
import re
from typing import Any

from gunicorn import glogging

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Anything that might be an IPv6 address; ipaddress decides (so times like 12:30:45 stay).
IPV6_CANDIDATE = re.compile(r"(?<![\w:.])[0-9a-fA-F:]*:[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?![\w:])")
# The secret part of a signer's link: confirming a signature, their data (and withdrawing),
# unsubscribing (signed, so with colons). Every URL with a `token` in it is listed here
# (tests/core/test_access_log.py walks the URLconf to check). Up to the next delimiter, so a
# token with odd characters (percent-encoded, a typo) goes too.
# The petition scheme's links (a creator's confirmation and page, a supporter's share link,
# new words to accept) carry tokens too.
LINK_TOKEN = re.compile(
    r"(/signatures/\d+/\w+/|/your-data/|/unsubscribe/|/petitions/start/\d+/confirm/|/petitions/start/\d+/"
    r"|/petitions/\d+/support/|/petitions/new-words/\d+/)[^/?#&\s\"'<>]+"
)


def redact(text: str) -> str:
    # Each pattern only where its telltale character is: a log line costs microseconds, not a
    # tenth of a millisecond (gunicorn redacts every request's line).
    if "@" in text:
        text = EMAIL.sub("[email]", text)
    if "/" in text:
        text = LINK_TOKEN.sub(r"\1[token]", text)
    if "." in text:
        text = IPV4.sub("[ip]", text)
    if text.count(":") >= 2:
        text = IPV6_CANDIDATE.sub(_ipv6_or_same, text)
    return text


def _ipv6_or_same(match: re.Match[str]) -> str:
    try:
        ipaddress.IPv6Address(match.group(0))
    except ValueError:
        return match.group(0)
    return "[ip]"


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


class _RedactedAtoms(glogging.SafeAtoms):
    """The parts of an access log line, each redacted as the line's format reads it."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return redact(value) if isinstance(value, str) else value


class GunicornLogger(glogging.Logger):
    """gunicorn's logger (`doorstep serve --logger-class`), with every part of an access log
    line (request line, path, query, referrer, any header) and every error log message
    redacted: a log reader can neither confirm a signature nor open a signer's data."""

    atoms_wrapper_class = _RedactedAtoms

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if not any(isinstance(each, RedactPersonalData) for each in self.error_log.filters):
            self.error_log.addFilter(RedactPersonalData())

"""No personal data in logs: email addresses and IP addresses in a log message are
replaced before it is written, whichever library logged it."""

import ipaddress
import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Anything that might be an IPv6 address; ipaddress decides (so times like 12:30:45 stay).
IPV6_CANDIDATE = re.compile(r"(?<![\w:.])[0-9a-fA-F:]*:[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?![\w:])")
# The secret part of a confirmation or withdrawal link.
LINK_TOKEN = re.compile(r"(/signatures/\d+/\w+/|/your-data/)[\w-]+")


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = LINK_TOKEN.sub(r"\1[token]", text)
    text = IPV4.sub("[ip]", text)
    return IPV6_CANDIDATE.sub(_ipv6_or_same, text)


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

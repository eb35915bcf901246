"""Matching signers against the block and allow lists, and the built-in lists:
the big mail providers (allowed past the domain limit) and disposable domains."""

import hashlib
import hmac
import ipaddress
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import disposable_email_domains
from django.conf import settings
from django.utils.translation import gettext as _

from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.core.memo import Memo

from .models import ListEntry

# So many real people share these that a busy hour from one of them is normal.
LARGE_MAIL_PROVIDERS = frozenset(
    {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "msn.com",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "aol.com",
        "btinternet.com",
        "sky.com",
        "virginmedia.com",
        "talktalk.net",
        "protonmail.com",
        "proton.me",
    }
)

# A range wider than this would hold a large part of the internet by mistake.
NARROWEST_PREFIX = {4: 8, 6: 16}
DOMAIN_PATTERN = re.compile(r"^[a-z0-9*]([a-z0-9*.-]*[a-z0-9])?$")


def ip_value_clean(value: str) -> str:
    """An IP address or CIDR range, in its canonical form; ApplicationError if it is not one."""
    try:
        network = ipaddress.ip_network(value.strip(), strict=False)
    except ValueError as exc:
        raise ApplicationError(
            _("Enter an IP address like 192.0.2.10 or a range like 192.0.2.0/24"), field="value"
        ) from exc
    if network.prefixlen < NARROWEST_PREFIX[network.version]:
        raise ApplicationError(
            _("That range is too wide: use /%(prefix)s or narrower") % {"prefix": NARROWEST_PREFIX[network.version]},
            field="value",
        )
    return str(network)


def domain_value_clean(value: str) -> str:
    """A domain, lower case; `*` stands for any characters (*.example.com is every subdomain)."""
    domain = value.strip().lower().rstrip(".").removeprefix("@")
    labels = domain.split(".")
    plain = [label for label in labels if label.strip("*")]
    if len(domain) > 253 or not DOMAIN_PATTERN.match(domain) or len(labels) < 2 or "" in labels or not plain:
        raise ApplicationError(_("Enter a domain like example.com or *.example.com"), field="value")
    return domain


def email_value_clean(value: str) -> str:
    email = email_normalise(value)
    local, at, domain = email.rpartition("@")
    if not at or not local or "." not in domain or len(email) > 254 or any(c.isspace() for c in email):
        raise ApplicationError(_("Enter an email address like name@example.com"), field="value")
    return email


def list_value_clean(*, kind: str, value: str) -> str:
    if kind == ListEntry.Kind.IP:
        return ip_value_clean(value)
    if kind == ListEntry.Kind.DOMAIN:
        return domain_value_clean(value)
    if kind == ListEntry.Kind.EMAIL:
        return email_value_clean(value)
    raise ApplicationError(_("Choose what kind of entry this is"), field="kind")


def domain_matches(domain: str, pattern: str) -> bool:
    """A plain domain matches itself and its subdomains; a pattern with * matches as a wildcard."""
    if "*" in pattern:
        return fnmatchcase(domain, pattern)
    return domain == pattern or domain.endswith("." + pattern)


def domain_is_disposable(domain: str) -> bool:
    """On the maintained list of throwaway-inbox domains (or a subdomain of one)."""
    labels = domain.split(".")
    return any(".".join(labels[i:]) in disposable_email_domains.blocklist for i in range(len(labels) - 1))


@dataclass
class Lists:
    blocked_networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(default_factory=list)
    allowed_networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = field(default_factory=list)
    blocked_domains: list[str] = field(default_factory=list)
    allowed_domains: list[str] = field(default_factory=list)
    blocked_emails: set[str] = field(default_factory=set)

    def ip_in(self, ip: str | None, networks: list) -> bool:
        if not ip:
            return False
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address.version == network.version and address in network for network in networks)

    def ip_blocked(self, ip: str | None) -> bool:
        return self.ip_in(ip, self.blocked_networks)

    def ip_allowed(self, ip: str | None) -> bool:
        return self.ip_in(ip, self.allowed_networks)

    def domain_blocked(self, domain: str) -> bool:
        return any(domain_matches(domain, pattern) for pattern in self.blocked_domains)

    def domain_allowed(self, domain: str) -> bool:
        return domain in LARGE_MAIL_PROVIDERS or any(domain_matches(domain, p) for p in self.allowed_domains)


def lists_load() -> Lists:
    """The staff's lists, read in one query (they are short)."""
    lists = Lists()
    for kind, action, value in ListEntry.objects.values_list("kind", "action", "value"):
        block = action == ListEntry.Action.BLOCK
        if kind == ListEntry.Kind.IP:
            network = ipaddress.ip_network(value, strict=False)
            (lists.blocked_networks if block else lists.allowed_networks).append(network)
        elif kind == ListEntry.Kind.DOMAIN:
            (lists.blocked_domains if block else lists.allowed_domains).append(value)
        elif kind == ListEntry.Kind.EMAIL and block:
            lists.blocked_emails.add(value)
    return lists


LISTS_KEPT: Memo[str, Lists] = Memo(lambda _key: lists_load())


def lists_get_cached() -> Lists:
    """The lists as this process read them at most DOORSTEP_LOCAL_CACHE_SECONDS ago (for signing)."""
    return LISTS_KEPT.get("")


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address: the same address gives the same hash (so bulk
    invalidation can still find it), but the address cannot be read back from it."""
    key = f"doorstep-ip:{settings.SECRET_KEY}".encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]

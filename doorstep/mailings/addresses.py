"""Email addresses, normalised so that one inbox is one person: the same rule as
signing uses (doorstep.core.emails), so the list of addresses not to mail agrees with it."""

from doorstep.core.emails import DOMAIN_ALIASES, DOTLESS_DOMAINS, email_normalise

__all__ = ["DOMAIN_ALIASES", "DOTLESS_DOMAINS", "email_normalise"]

"""Email addresses, normalised so that one inbox signs once.

The rule lives in mailings, so that its list of addresses not to mail agrees with this one.
"""

from doorstep.mailings.addresses import DOMAIN_ALIASES, DOTLESS_DOMAINS, email_normalise

__all__ = ["DOMAIN_ALIASES", "DOTLESS_DOMAINS", "email_normalise"]

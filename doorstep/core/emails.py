"""Email addresses, normalised so that one inbox signs once."""

# Providers that ignore dots in the local part.
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def email_normalise(email: str) -> str:
    """ "John.Smith+petition@GoogleMail.com" -> "johnsmith@gmail.com".

    Lower case throughout, a "+tag" dropped for every domain, the dots dropped
    where the provider ignores them, and a trailing dot on the domain dropped.
    """
    email = email.strip().lower()
    local, sep, domain = email.rpartition("@")
    if not sep:
        return email
    domain = domain.rstrip(".")
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_domain(email: str) -> str:
    """The domain of an address, normalised: "a@Mail.Example.COM." -> "mail.example.com"."""
    return email_normalise(email).rpartition("@")[2]


def email_mask(email: str) -> str:
    """An address shown back to the person who typed it, hidden from anyone looking over their
    shoulder but for its first letter and its domain (where typing mistakes show):
    "jane@example.org" -> "j•••@example.org"."""
    local, sep, domain = email.strip().rpartition("@")
    if not sep:
        local, domain = email.strip(), ""
    return f"{local[:1]}•••" + (f"@{domain}" if domain else "")

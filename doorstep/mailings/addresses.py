"""Email addresses, normalised so that one inbox is one person."""

# Providers that ignore dots in the local part.
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com"}


def email_normalise(email: str) -> str:
    """ "John.Smith+petition@GoogleMail.com" -> "johnsmith@gmail.com".

    Lower case throughout, a "+tag" dropped for every domain, and the dots
    dropped where the provider ignores them.
    """
    email = email.strip().lower()
    local, sep, domain = email.rpartition("@")
    if not sep:
        return email
    domain = DOMAIN_ALIASES.get(domain, domain)
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local = local.replace(".", "")
    return f"{local}@{domain}"

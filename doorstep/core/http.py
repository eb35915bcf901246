"""What a view reads from a request beyond its form."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The address the limits count a request against: only ever REMOTE_ADDR.
    Behind a proxy, configure it to set REMOTE_ADDR (gunicorn --forwarded-allow-ips)."""
    return request.META.get("REMOTE_ADDR") or None

"""PDFs from HTML (WeasyPrint) that fetch nothing from outside: only inline `data:` URLs and
Doorstep's own static files, read from disk. A document that names a local file (`file:///`)
or any other address (`http://`, internal ones too) gets nothing for it, so text that ends up
marked safe in a template can neither read the server's files nor reach its network.

Every WeasyPrint call goes through `pdf_bytes` or `pdf_write`.
"""

import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders


def _static_file(url: str) -> Path | None:
    """The file behind `url` if it is one of Doorstep's static files on its own address."""
    parts, site = urlsplit(url), urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or parts.query:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(prefix) or "\x00" in path:
        return None
    relative = posixpath.normpath(path.removeprefix(prefix))
    if relative.startswith(("..", "/")):
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


def _fetcher() -> Any:
    # Not a cycle: WeasyPrint takes a second and much memory to load, so only a process
    # that makes a PDF loads it.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_file(url)
            if path is None:
                raise ValueError(f"Not fetched: PDFs use only inline data and Doorstep's static files ({url[:100]})")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return OwnFilesOnly(allowed_protocols=("data", "http", "https"), allow_redirects=False)


def _document(html: str) -> Any:
    from weasyprint import HTML  # see _fetcher

    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=_fetcher())


def pdf_bytes(*, html: str) -> bytes:
    """The PDF of `html`."""
    return _document(html).write_pdf()


def pdf_write(*, html: str, path: Path) -> None:
    """Write the PDF of `html` to `path`."""
    _document(html).write_pdf(path)

"""The API's HTTP: JSON documents with validators (ETag, Last-Modified) and 304s, and errors.

The ETag is a hash of the document, so it changes exactly when the document does (a count,
a breakdown, a reply...). Last-Modified has to change with it, but a count has no time of
its own; so it is the time this server first served that ETag for that address (kept in
the cache a day; later than the true change, never earlier, and a second past the last one,
so a client holding an older document is never told it has not changed).
"""

import hashlib
import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

# Short enough to feel live, long enough to spare the server a refresh storm.
CACHE_CONTROL = "public, max-age=10"
SERVED_SECONDS = 24 * 60 * 60


def _served_since(address: str, etag: str) -> int:
    """When this server first served `etag` at `address`, in seconds since the epoch."""
    key = "api:served:" + hashlib.sha256(address.encode()).hexdigest()
    seen = cache.get(key)
    if seen and seen[0] == etag:
        return int(seen[1])
    stamp = int(time.time())
    if seen:
        stamp = max(stamp, int(seen[1]) + 1)
    cache.set(key, (etag, stamp), SERVED_SECONDS)
    return stamp


def document(request: HttpRequest, data: Any) -> HttpResponse:
    """The document as JSON, or 304 Not Modified when the client's copy is current."""
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    last_modified = _served_since(request.get_full_path(), etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response) or response


def error(status: int, title: str) -> JsonResponse:
    return JsonResponse({"errors": [{"status": str(status), "title": title}]}, status=status)

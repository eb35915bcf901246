"""Uploaded files: cut off past their view's size limit as they arrive, and PDFs checked
before they are kept.

A view marked `@upload_max_bytes(n)` never has more than n bytes of one file stored, in
memory or on disk (`total=True`: of all its files together; n may be a function, for a
limit read from the settings): `UploadLimitHandler` (first in FILE_UPLOAD_HANDLERS) lets the
rest pass unread into nothing, and hands the view a `TooLargeUpload` that says how big the
file was, so the view's own size check refuses it with its usual message.

pypdf is imported only when a PDF is checked: it takes a third of a second to load, and
this module is loaded by every process (the upload handler is a setting).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .errors import ApplicationError

if TYPE_CHECKING:
    from pypdf import PdfReader

V = TypeVar("V", bound=Callable[..., Any])


Limit = int | Callable[[], int]


def upload_max_bytes(limit: Limit, *, total: bool = False) -> Callable[[V], V]:
    """Mark a view: no uploaded file of more than `limit` bytes is kept (with `total`, no
    bytes past `limit` of all the request's files together)."""

    def decorator(view: V) -> V:
        view.upload_max_bytes = limit  # type: ignore[attr-defined]
        view.upload_max_total = total  # type: ignore[attr-defined]
        return view

    return decorator


class TooLargeUpload(UploadedFile):
    """A file over its view's limit: its name, type and size, none of its content."""

    def __init__(self, *, name: str, content_type: str, size: int) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class UploadLimitHandler(FileUploadHandler):
    """Passes each file's bytes on to Django's own handlers up to the view's limit, then drops them."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        match = getattr(request, "resolver_match", None)
        limit: Limit | None = getattr(match.func, "upload_max_bytes", None) if match else None
        self.limit: int | None = limit() if callable(limit) else limit
        self.total: bool = bool(match and getattr(match.func, "upload_max_total", False))
        self.before = 0  # bytes of the request's earlier files, when the limit is for all together

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.limit is not None and self.before + start + len(raw_data) > self.limit:
            return None  # read off the connection, kept nowhere
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        over = self.limit is not None and self.before + file_size > self.limit
        if self.total:
            self.before += file_size
        if over:
            return TooLargeUpload(name=self.file_name or "", content_type=self.content_type or "", size=file_size)
        return None  # Django's handlers make the file


# A PDF with any of these can run something or carry something when opened: scripts, actions
# on opening a page or a form, launching programs, embedded files, Flash, XML forms.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/XFA"}
)
ACTIVE_ACTIONS = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/Rendition", "/RichMediaExecute", "/Movie"}
)
# Web page markup: a PDF that is also a web page (a polyglot) is refused. None of these can be
# a PDF hex string (they are not hex digits), so a real document has them only in its text.
HTML_MARKERS = (b"<html", b"<script", b"<body", b"<!doctype", b"<svg", b"<iframe", b"<object", b"<embed", b"<img")
# More objects than this is not a letter: refused rather than walked.
MOST_OBJECTS = 100_000


def _active_content(reader: PdfReader) -> bool:
    """Whether anything reachable in the document is active content."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject  # see the module's docstring

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MOST_OBJECTS:
                return True
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            action = item.get("/S")
            if ACTIVE_KEYS.intersection(item.keys()) or (action is not None and action.get_object() in ACTIVE_ACTIONS):
                return True
            stack.extend(dict.values(item))  # unresolved, so each object is visited once
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return False


def pdf_upload_check(*, document: UploadedFile, max_bytes: int, field: str) -> None:
    """ApplicationError (for `field`) unless `document` is a PDF of at most `max_bytes` with no
    active content and no web page markup. The size is checked before anything is read."""
    if (document.size or 0) > max_bytes:
        raise ApplicationError(
            _("The PDF must be %(megabytes)s MB or smaller") % {"megabytes": max_bytes // (1024 * 1024)}, field=field
        )
    from pypdf import PdfReader  # see the module's docstring

    document.seek(0)
    content = document.read()
    document.seek(0)
    if not content.startswith(b"%PDF-"):
        raise ApplicationError(_("The file must be a PDF"), field=field)
    if any(marker in content.lower() for marker in HTML_MARKERS):
        raise ApplicationError(
            _("The PDF has web page code in it: save it again as a PDF and upload that"), field=field
        )
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise ApplicationError(_("The PDF is protected by a password: upload one without"), field=field)
        if not reader.pages:
            raise ApplicationError(_("The file is not a PDF that can be opened"), field=field)
        active = _active_content(reader)
    except ApplicationError:
        raise
    except Exception as error:  # a malformed file makes pypdf raise almost anything
        raise ApplicationError(_("The file is not a PDF that can be opened"), field=field) from error
    if active:
        raise ApplicationError(
            _(
                "The PDF has scripts, actions or attached files in it. Save it again as a plain PDF "
                "(for example, print it to PDF) and upload that."
            ),
            field=field,
        )

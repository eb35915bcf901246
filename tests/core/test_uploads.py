"""Uploaded PDFs: nothing past a view's size limit is kept, and no active content or web page gets in."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from doorstep.campaigns.services import updates
from doorstep.core.errors import ApplicationError
from doorstep.core.uploads import TooLargeUpload, pdf_upload_check
from tests.factories import pdf_document

MB = 1024 * 1024


def check(content: bytes) -> None:
    pdf_upload_check(document=SimpleUploadedFile("r.pdf", content), max_bytes=10 * MB, field="document")


def refusal(content: bytes) -> str:
    with pytest.raises(ApplicationError) as error:
        check(content)
    assert error.value.field == "document"
    return error.value.message


def test_a_plain_pdf_passes():
    check(pdf_document())
    # Opening at a page is an action, but not an active one.
    check(pdf_document(open_action=ArrayObject([NumberObject(0), NameObject("/Fit")])))


@pytest.mark.parametrize(
    "content",
    [
        pdf_document(javascript="app.alert('hello')"),
        pdf_document(
            open_action=DictionaryObject(
                {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
            )
        ),
        pdf_document(
            open_action=DictionaryObject(
                {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
            )
        ),
        pdf_document(attachment=b"MZ not really a program"),
    ],
    ids=["script", "script on opening", "launch on opening", "attached file"],
)
def test_a_pdf_with_active_content_is_refused(content):
    assert "scripts, actions or attached files" in refusal(content)


def test_a_pdf_that_is_also_a_web_page_is_refused():
    plain = pdf_document()
    polyglot = plain.replace(b"\n", b"\n%<html><body><script>alert(document.cookie)</script></body></html>\n", 1)
    assert "web page code" in refusal(polyglot)
    assert "web page code" in refusal(plain + b"<!DOCTYPE html><svg onload=alert(1)>")


@pytest.mark.parametrize("content", [b"%PDF-1.4\ngarbage", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"])
def test_a_file_that_does_not_open_as_a_pdf_is_refused(content):
    assert refusal(content) == "The file is not a PDF that can be opened"


def test_a_large_file_is_refused_before_it_is_read():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("read")

    document = UploadedFile(Unreadable(), name="r.pdf", size=11 * MB)
    with pytest.raises(ApplicationError, match="The PDF must be 10 MB or smaller"):
        pdf_upload_check(document=document, max_bytes=10 * MB, field="document")


@pytest.mark.django_db
def test_past_the_views_limit_nothing_of_the_upload_is_kept(staff_client, petition, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seen = []

    def spy(*, document, **kwargs):
        seen.append((type(document), document.size, document.read()))
        return pdf_upload_check(document=document, **kwargs)

    monkeypatch.setattr(updates, "pdf_upload_check", spy)
    data = {"responder": "HO", "responded_on": "2026-10-01", "summary": "s", "details": "d"}
    big = SimpleUploadedFile("r.pdf", b"%PDF-" + b"x" * (12 * MB))
    response = staff_client.post(f"/staff/petitions/{petition.pk}/replies/new", {**data, "document": big})
    assert "The PDF must be 10 MB or smaller" in response.content.decode()
    assert seen == [(TooLargeUpload, 12 * MB + 5, b"")]
    # A file within the limit reaches the check whole.
    small = pdf_document()
    staff_client.post(
        f"/staff/petitions/{petition.pk}/replies/new", {**data, "document": SimpleUploadedFile("r.pdf", small)}
    )
    assert seen[1][1:] == (len(small), small)

"""A print batch survives a process killed part way: the batch is made whole or not at all,
and its PDF appears only once complete, never in /tmp."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from doorstep.backoffice.paper_views import printing as printing_views
from doorstep.core.files import tmp_root
from doorstep.paper.management.commands import print_packs
from doorstep.paper.models import Pack, PrintBatch, Sheet
from doorstep.paper.services import batches
from doorstep.paper.services.batches import packs_print
from tests.factories import request_pack
from tests.jobs import WorkerKilled, killed_at_call

pytestmark = pytest.mark.django_db


def test_a_batch_killed_while_its_sheets_are_made_leaves_the_requests_to_print_again(petition, monkeypatch):
    for _ in range(2):
        request_pack(petition, sheets=2)
    # Killed as it makes the third sheet.
    monkeypatch.setattr(batches, "sheet_create", killed_at_call(batches.sheet_create, 3))
    with pytest.raises(WorkerKilled):
        packs_print(petition=petition, actor=None)
    monkeypatch.undo()
    # One transaction: no batch, no sheet codes, every request still waiting.
    assert not PrintBatch.objects.exists() and not Sheet.objects.exists()
    assert set(Pack.objects.values_list("state", flat=True)) == {Pack.State.REQUESTED}
    batch = packs_print(petition=petition, actor=None)
    assert batch is not None and Sheet.objects.filter(pack__batch=batch).count() == 4


def test_printing_killed_while_writing_leaves_no_pdf_and_the_batch_prints_again(petition, tmp_path, monkeypatch):
    request_pack(petition, name="Ada Lovelace", sheets=2)
    output = tmp_path / "packs.pdf"
    real_write = print_packs.packs_pdf_write
    written = []

    def killed_half_way(*, packs, out):
        written.append(out.name)
        out.write(b"%PDF-1.7\nhalf a batch of names and addresses")
        raise WorkerKilled

    monkeypatch.setattr(print_packs, "packs_pdf_write", killed_half_way)
    with pytest.raises(WorkerKilled):
        call_command("print_packs", petition=petition.pk, output=output, stdout=io.StringIO())
    monkeypatch.setattr(print_packs, "packs_pdf_write", real_write)
    assert not output.exists()  # no truncated PDF where it is printed from
    assert [tmp_root() in Path(name).parents for name in written] == [True]  # built in the data directory

    batch = PrintBatch.objects.get()
    out = io.StringIO()
    call_command("print_packs", petition=petition.pk, output=output, batch=batch.pk, stdout=out)
    assert f"Printed batch {batch.pk}: 1 packs, 3 pages" in out.getvalue()
    assert "Ada Lovelace" in PdfReader(output).pages[0].extract_text()


def test_a_batch_download_spools_to_the_data_directory(staff_client, petition, monkeypatch):
    request_pack(petition, sheets=1)
    batch = packs_print(petition=petition, actor=None)
    folders = []
    real_spooled = tempfile.SpooledTemporaryFile

    def spooled(*args, **kwargs):
        folders.append(kwargs.get("dir"))
        return real_spooled(*args, **kwargs)

    monkeypatch.setattr(printing_views.tempfile, "SpooledTemporaryFile", spooled)
    response = staff_client.get(f"/staff/petitions/{petition.pk}/paper/batches/{batch.pk}/packs.pdf")
    assert len(PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages) == 2
    [folder] = folders
    assert tmp_root() in Path(folder).parents

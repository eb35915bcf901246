"""Printing: outstanding requests as one batch, its packs (letters and sheets) and labels
as PDFs, one pack again, and telling holders of packs still out a new closing date."""

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from doorstep.core.files import tmp_dir
from doorstep.paper import selectors as paper_selectors
from doorstep.paper.models import PrintBatch
from doorstep.paper.printing import closing_date_letters_pdf, labels_pdf, pack_pdf, packs_pdf_write
from doorstep.paper.services import batches, circulation
from doorstep.petitions.selectors import petition_for_staff
from doorstep.trust.models import PersonalDataAccess

from ..access import personal_data_audit, staff_only, staff_user
from .common import pdf_response


@require_POST
@staff_only("can_read_personal_data")
def packs_print(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Print every outstanding request as a batch, or only the one pack named (`pack`)."""
    petition = petition_for_staff(petition_id=petition_id)
    one = request.POST.get("pack")
    pack_ids = None if one is None else [int(one)] if one.isascii() and one.isdigit() and len(one) < 12 else []
    batch = batches.packs_print(petition=petition, actor=staff_user(request), pack_ids=pack_ids)
    if batch is None:
        messages.error(request, _("No requests are waiting to be printed"))
        return redirect("backoffice:petition_paper", petition_id=petition.pk)
    messages.success(request, _("Batch {batch} is ready: download its packs and labels below.").format(batch=batch.pk))
    return redirect(f"{reverse('backoffice:petition_paper', args=[petition.pk])}#batches")


def _batch(petition_id: int, batch_id: int) -> PrintBatch:
    batch = paper_selectors.batch_get(petition=petition_for_staff(petition_id=petition_id), batch_id=batch_id)
    if batch is None:
        raise Http404(_("No such batch"))
    return batch


def _exported(request: HttpRequest, what: str, batch: PrintBatch, packs: int) -> None:
    personal_data_audit(request, PersonalDataAccess.Action.EXPORTED, what, petition=batch.petition, rows=packs)


@staff_only("can_read_personal_data")
def batch_pdf(request: HttpRequest, petition_id: int, batch_id: int) -> FileResponse:
    batch = _batch(petition_id, batch_id)
    packs = paper_selectors.batch_packs(batch=batch)
    _exported(request, _("packs (letters and sheets) of batch %(batch)s") % {"batch": batch.pk}, batch, len(packs))
    # Spooled to disk past a few megabytes, so a large batch is not held in memory: to this
    # process's folder in the data directory, never /tmp (it holds names and addresses).
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, dir=str(tmp_dir()))
    packs_pdf_write(packs=packs, out=out)
    out.seek(0)
    response = FileResponse(
        out, content_type="application/pdf", as_attachment=True, filename=f"batch-{batch.pk}-packs.pdf"
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_only("can_read_personal_data")
def batch_labels(request: HttpRequest, petition_id: int, batch_id: int) -> HttpResponse:
    batch = _batch(petition_id, batch_id)
    packs = paper_selectors.batch_packs(batch=batch)
    _exported(request, _("address labels of batch %(batch)s") % {"batch": batch.pk}, batch, len(packs))
    return pdf_response(labels_pdf(packs=packs), f"batch-{batch.pk}-labels.pdf")


@require_POST
@staff_only("can_read_personal_data")
def batch_posted(request: HttpRequest, petition_id: int, batch_id: int) -> HttpResponse:
    """Mark every pack of the batch still waiting to be posted as posted."""
    batch = _batch(petition_id, batch_id)
    marked = circulation.batch_mark_posted(batch=batch, actor=staff_user(request))
    said = ngettext(
        "Batch {batch}: {packs} pack marked posted.", "Batch {batch}: {packs} packs marked posted.", marked
    ).format(batch=batch.pk, packs=marked)
    messages.success(request, said)
    return redirect(f"{reverse('backoffice:petition_paper', args=[petition_id])}#batches")


@staff_only("can_read_personal_data")
def pack_pdf_view(request: HttpRequest, petition_id: int, pack_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)  # first: an id too big for the database is a 404
    pack = paper_selectors.pack_printed_get(petition_id=petition.pk, pack_id=pack_id)
    if pack is None:
        raise Http404(_("No printed pack"))
    what = _("pack %(pack)s (letter and sheets)") % {"pack": pack.pk}
    personal_data_audit(request, PersonalDataAccess.Action.EXPORTED, what, petition=pack.petition, rows=1)
    return pdf_response(pack_pdf(pack=pack), f"pack-{pack.pk}.pdf")


@require_POST
@staff_only("can_read_personal_data")
def packs_tell(request: HttpRequest, petition_id: int) -> HttpResponse:
    """Tell holders of packs still out the new closing date."""
    petition = petition_for_staff(petition_id=petition_id)
    told = circulation.packs_tell_closing_date(petition=petition, actor=staff_user(request))
    said = ngettext(
        "{emailed} pack holder emailed; {letters} to write to: download their letters below.",
        "{emailed} pack holders emailed; {letters} to write to: download their letters below.",
        told.emailed,
    )
    messages.success(request, said.format(emailed=told.emailed, letters=told.by_letter))
    return redirect("backoffice:petition_paper", petition_id=petition.pk)


@staff_only("can_read_personal_data")
def closing_date_letters(request: HttpRequest, petition_id: int) -> HttpResponse:
    petition = petition_for_staff(petition_id=petition_id)
    packs = list(paper_selectors.packs_to_write_to(petition=petition))
    if not packs:
        raise Http404(_("No letters to print"))
    what = _("closing-date letters")
    personal_data_audit(request, PersonalDataAccess.Action.EXPORTED, what, petition=petition, rows=len(packs))
    return pdf_response(
        closing_date_letters_pdf(petition=petition, packs=packs), f"petition-{petition.pk}-closing-date-letters.pdf"
    )

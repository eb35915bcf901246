"""Test data. Petitions and users come from factories; signatures are made through
the services, so that the kept counts stay true to them."""

import json
from dataclasses import fields
from datetime import timedelta

import factory
from django.utils import timezone

from doorstep.accounts.models import User
from doorstep.campaigns.services.updates import reply_create, update_create
from doorstep.maps.services import map_layer_import
from doorstep.petitions.models import Petition
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.signing import Signer, signature_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    role = User.Role.ORGANISER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_after(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PetitionFactory(factory.django.DjangoModelFactory):
    """An open petition, closing in 30 days, unless told otherwise."""

    class Meta:
        model = Petition

    action = factory.Sequence(lambda n: f"Keep our police station open {n}")
    background = "The front counter is due to close."
    additional_details = ""
    addressed_to = "the Home Office"
    creator_name = "the MP for Dagenham and Rainham"
    target = 5000
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    state = Petition.State.OPEN
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    original_closing_date = factory.LazyAttribute(lambda p: p.closing_date)


class DraftPetitionFactory(PetitionFactory):
    state = Petition.State.DRAFT
    opened_at = None
    original_closing_date = None


_signer = iter(range(10**9))


SIGNER_FIELDS = {field.name for field in fields(Signer)}


def sign(petition, *, confirm=True, **values):
    """Sign `petition` online (and confirm, by default); returns the signature.
    `values` are Signer fields and signature_create's other arguments, mixed."""
    number = next(_signer)
    values = {"name": f"Signer {number}", "email": f"signer{number}@example.com", "postcode": "RM10 7XX", **values}
    signer = Signer(**{k: v for k, v in values.items() if k in SIGNER_FIELDS})
    others = {"send_email": False, **{k: v for k, v in values.items() if k not in SIGNER_FIELDS}}
    signature = signature_create(petition=petition, signer=signer, **others).signature
    if confirm:
        signature_confirm(signature=signature, token=signature.token)
    return signature


DAGENHAM = {
    "constituency_code": "E14001190",
    "local_authority_code": "E09000002",
    "ward_code": "E05014060",
    "region_code": "E12000007",
    "country_code": "E92000001",
}
ILFORD = {
    "constituency_code": "E14001301",
    "local_authority_code": "E09000026",
    "ward_code": "E05011237",
    "region_code": "E12000007",
    "country_code": "E92000001",
}
AREA_NAMES = [
    ("constituency", "E14001190", "Dagenham and Rainham"),
    ("constituency", "E14001301", "Ilford South"),
    ("local_authority", "E09000002", "Barking and Dagenham"),
    ("local_authority", "E09000026", "Redbridge"),
    ("ward", "E05014060", "Village"),
    ("ward", "E05011237", "Loxford"),
    ("region", "E12000007", "London"),
]


def postcode_directory(postcodes: dict[str, dict[str, str]]):
    """An active postcode directory holding these postcodes, with the areas named."""
    from doorstep.places.models import Area, Postcode, PostcodeEdition

    PostcodeEdition.objects.filter(status=PostcodeEdition.Status.ACTIVE).update(status=PostcodeEdition.Status.REPLACED)
    edition = PostcodeEdition.objects.create(source="test", status=PostcodeEdition.Status.ACTIVE)
    Postcode.objects.bulk_create(
        Postcode(edition=edition, postcode=postcode, **codes) for postcode, codes in postcodes.items()
    )
    for kind, code, name in AREA_NAMES:
        Area.objects.update_or_create(kind=kind, code=code, defaults={"name": name})
    return edition


_requester = iter(range(10**9))


def request_pack(petition, **fields):
    """A pack requested on the petition page (a new address each time, unless given)."""
    from doorstep.paper.services.requests import pack_request

    number = next(_requester)
    values = {
        "name": f"Requester {number}",
        "address_line_1": f"{number + 1} Station Road",
        "town": "Dagenham",
        "postcode": "RM10 7XX",
        "email": f"requester{number}@example.com",
        "sheets": 2,
        "contact_consent": True,
        **fields,
    }
    return pack_request(petition=petition, **values)


def printed_pack(petition, **fields):
    """A requested pack, printed: it has its sheets and their codes."""
    from doorstep.paper.services.batches import packs_print

    pack = request_pack(petition, **fields)
    packs_print(petition=petition, actor=None, pack_ids=[pack.pk])
    pack.refresh_from_db()
    return pack


def printed_sheet(petition, **fields):
    """The first sheet of a newly printed pack."""
    return printed_pack(petition, **fields).sheets.order_by("number").first()


def supporter(petition, *, consent=True, **fields):
    """A counted signer who did (or did not) ask for campaign updates."""
    return sign(petition, updates_consent=consent, consent_wording="Email me about this campaign", **fields)


def hex_map(tmp_path, *, kind="constituency", name="Constituencies"):
    """A hexagon map of the areas of `kind` holding Dagenham and Ilford (both in London)."""
    names = {DAGENHAM[f"{kind}_code"]: "Dagenham", ILFORD[f"{kind}_code"]: "Ilford"}
    if kind == "region":
        names = {DAGENHAM["region_code"]: "London"}
    hexes = {code: {"q": number, "r": 0, "n": name} for number, (code, name) in enumerate(names.items())}
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"layout": "odd-r", "hexes": hexes}))
    return map_layer_import(path=path, kind=kind, name=name)


def campaign_news(petition, actor, number=0):
    """An update and a reply on the petition's page; returns the update."""
    reply_create(
        petition=petition,
        actor=actor,
        responder=f"Minister {number}",
        responded_on=timezone.localdate(),
        summary="A summary",
        details="The reply",
    )
    return update_create(petition=petition, actor=actor, title=f"Update {number}", body="News")


def pdf_document(*, javascript: str = "", open_action: object = None, attachment: bytes = b"") -> bytes:
    """A one-page PDF, with a script run when it opens, an opening action or an attached file if asked."""
    import io

    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:  # a document-level script, in the /Names tree
        script = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(javascript)}
        )
        scripts = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(script)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})
    if open_action is not None:
        writer._root_object[NameObject("/OpenAction")] = open_action
    if attachment:
        writer.add_attachment("attached.exe", attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_starter = iter(range(10**9))


def start_petition(*, confirm=True, ip_address=None, language="en-gb", **answers):
    """A petition a resident started under the scheme (confirmed by its creator, by default): its Proposal."""
    from doorstep.scheme.services.starting import Start, proposal_confirm, proposal_start

    number = next(_starter)
    values = {
        "action": f"Put a zebra crossing on Station Road {number}",
        "background": "Children cross here on the way to school.",
        "additional_details": "",
        "name": f"Creator {number}",
        "email": f"creator{number}@example.com",
        "postcode": "RM10 7XX",
        **answers,
    }
    proposal = proposal_start(
        start=Start(**values), ip_address=ip_address or f"10.9.{number // 250}.{number % 250}", language=language
    )
    if confirm:
        proposal_confirm(proposal=proposal, token=proposal.token)
        proposal.refresh_from_db()
    return proposal


def support(proposal, *, confirm=True, **values):
    """A supporter signs through the share link (and confirms, by default); returns the signature."""
    from doorstep.scheme.services.supporters import supporter_sign

    number = next(_signer)
    values = {
        "name": f"Supporter {number}",
        "email": f"supporter{number}@example.com",
        "postcode": "RM10 7XX",
        **values,
    }
    signature = supporter_sign(
        proposal=proposal,
        token=proposal.share_token,
        signer=Signer(**values),
        ip_address=f"10.8.{number // 250 % 250}.{number % 250}",
    ).signature
    if confirm:
        signature_confirm(signature=signature, token=signature.token)
    return signature


def supported_petition(**answers):
    """A resident's petition with all its supporters: waiting for moderation. Its Proposal.
    (The count's signal runs on commit, which a test's transaction never does: checked here by hand.)"""
    from django.conf import settings

    from doorstep.scheme.services.supporters import supporters_check

    proposal = start_petition(**answers)
    for _ in range(settings.DOORSTEP.scheme_supporters):
        support(proposal)
    supporters_check(petition_id=proposal.petition_id)
    proposal.refresh_from_db()
    proposal.petition.refresh_from_db()
    return proposal

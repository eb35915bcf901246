"""Signing online. Two words, two ideas: trust *checks* a signing attempt (limits,
lists, honeypot, proof of work) and this module *creates* the signature.
`signature_create_checked` is the public form's way in (check, then create);
`signature_create` only creates, for callers that decide themselves (the demo, tests)."""

import contextlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.core.emails import email_normalise
from doorstep.core.errors import ApplicationError
from doorstep.core.languages import Language, language_of
from doorstep.core.memo import Memo
from doorstep.core.text import text_has_control_characters
from doorstep.petitions.models import Petition
from doorstep.places.countries import UNITED_KINGDOM
from doorstep.places.postcodes import InvalidPostcode, postcode_district, postcode_normalise
from doorstep.places.selectors import postcode_directory_loaded
from doorstep.trust.services import signing_check

from ..models import Signature
from ..tasks import send_signature_confirmation
from .holding import signatures_hold_recent
from .placing import postcode_area_codes

# Whether a postcode directory is loaded, as this process saw it lately: without one (the
# embedded mode's default) placing a signer costs no query. The placing that follows an
# import waits out this copy (see receivers), so no signature is left unplaced.
DIRECTORY_KEPT: Memo[str, bool] = Memo(lambda _key: postcode_directory_loaded())


@dataclass(frozen=True)
class Signer:
    """What a signer gave on the sign form."""

    name: str
    email: str
    postcode: str = ""
    country: str = UNITED_KINGDOM
    updates_consent: bool = False
    # The exact words shown beside the updates box, kept with a consent.
    consent_wording: str = ""
    # The language they signed in (the page's): their emails are written in it.
    language: str = Language.ENGLISH


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    created: bool
    email_queued: bool


# A web address in a name (petition.parliament.uk refuses them too): a scheme, "www.", a host
# ending in a common or much-abused top-level domain, or any host followed by a path. Initials
# ("J.R.R. Tolkien", "J.Smith") pass: a host needs two letters or more before its domain.
NAME_LINK = re.compile(
    r"[a-z][a-z0-9+.-]*://"
    r"|\bwww\d*\."
    r"|\b[a-z0-9][a-z0-9-]*[a-z0-9](?:\.[a-z0-9-]+)*\."
    r"(?:com|net|org|info|biz|io|co|uk|us|eu|ru|cn|de|fr|nl|xyz|top|online|site|shop|store|click|link|ly|gl|me"
    r"|tk|ml|ga|cf|gq|app|dev|ai|tv|cc|ws|pw|club|win|bid|vip|live|life|today|news)\b"
    r"|\b[a-z0-9-]{2,}\.[a-z]{2,}/",
    re.IGNORECASE,
)


def name_has_link(name: str) -> bool:
    """Whether a name holds a web address (full-width and other look-alike letters included)."""
    return bool(NAME_LINK.search(unicodedata.normalize("NFKC", name)))


def name_clean(*, name: str) -> str:
    """A signer's name with its spaces tidied; ApplicationError if it cannot be kept."""
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Enter your name"), field="name")
    if len(name) > Signature.NAME_MAX:
        raise ApplicationError(
            _("Your name must be %(max)s characters or fewer") % {"max": Signature.NAME_MAX}, field="name"
        )
    if text_has_control_characters(name):
        raise ApplicationError(_("Your name contains characters that are not allowed"), field="name")
    if name_has_link(name):
        raise ApplicationError(_("Enter a name without a web address in it"), field="name")
    return name


def place_clean(*, postcode: str, country: str) -> tuple[str, str]:
    """(normalised postcode, country code): a UK signer needs a valid postcode, others none."""
    country = (country or UNITED_KINGDOM).upper()
    if country == UNITED_KINGDOM:
        try:
            return postcode_normalise(postcode), country
        except InvalidPostcode as exc:
            raise ApplicationError(str(exc), field="postcode") from exc
    return "", country


def _queue_confirmation_email(signature: Signature) -> None:
    signature_id = signature.pk
    transaction.on_commit(lambda: send_signature_confirmation.enqueue(signature_id=signature_id))


def signature_create(
    *,
    petition: Petition,
    signer: Signer,
    ip_address: str | None = None,
    now: datetime | None = None,
    send_email: bool = True,
    suspect_reason: str = "",
) -> SignResult:
    """Create an online signature, unchecked. It counts once the signer confirms it by email.
    A resident's petition gathering supporters takes signatures too (through its share link,
    see the scheme app); they count once it opens.

    Signing again with the same inbox makes no second signature: the first one's
    confirmation email is sent again, up to MAX_CONFIRMATION_EMAILS in all.

    With a suspect_reason (from trust's signing_check) the signature is held:
    everything looks the same to the signer, but it never counts unless staff release it.
    """
    now = now or timezone.now()
    if not petition.takes_signatures(now):
        raise ApplicationError(_("This petition is not open for signatures"))
    name = name_clean(name=signer.name)
    email = (signer.email or "").strip()
    if not email:
        raise ApplicationError(_("Enter your email address"), field="email")
    postcode, country = place_clean(postcode=signer.postcode, country=signer.country)
    signer = replace(signer, name=name, email=email, postcode=postcode, country=country)
    normalised = email_normalise(email)
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                petition=petition,
                channel=Signature.Channel.ONLINE,
                **_signer_fields(signer),
                email_normalised=normalised,
                ip_address=ip_address,
                state=Signature.State.SUSPECT if suspect_reason else Signature.State.PENDING,
                suspect_reason=suspect_reason[:100],
                created_at=now,
                confirmation_emails_sent=1 if send_email else 0,
            )
            if send_email:
                _queue_confirmation_email(signature)
        return SignResult(signature=signature, created=True, email_queued=send_email)
    except IntegrityError:
        pass
    return _signed_again(petition=petition, email_normalised=normalised, send_email=send_email)


def _signer_fields(signer: Signer) -> dict[str, object]:
    """A cleaned signer as Signature fields, with the areas their postcode lies in."""
    return {
        "name": signer.name,
        "email": signer.email,
        "postcode": signer.postcode,
        "postcode_district": postcode_district(signer.postcode),
        "country": signer.country,
        **postcode_area_codes(postcode=signer.postcode if DIRECTORY_KEPT.get("") else ""),
        "updates_consent": signer.updates_consent,
        "consent_wording": signer.consent_wording if signer.updates_consent else "",
        "language": language_of(signer.language),
    }


def _signed_again(*, petition: Petition, email_normalised: str, send_email: bool) -> SignResult:
    """The same inbox has signed before: send its confirmation email again, if it is still
    waiting for the click and has not had its share of emails."""
    with transaction.atomic():
        signature = Signature.objects.get(petition=petition, email_normalised=email_normalised)
        resend = (
            send_email
            and signature.state in Signature.AWAITING_CONFIRMATION
            and signature.confirmed_at is None
            and Signature.objects.filter(
                pk=signature.pk,
                state__in=Signature.AWAITING_CONFIRMATION,
                confirmed_at__isnull=True,
                confirmation_emails_sent__lt=settings.DOORSTEP.max_confirmation_emails,
            ).update(confirmation_emails_sent=F("confirmation_emails_sent") + 1)
            == 1
        )
        if resend:
            _queue_confirmation_email(signature)
    return SignResult(signature=signature, created=False, email_queued=resend)


def signature_create_checked(
    *,
    petition: Petition,
    signer: Signer,
    ip_address: str | None = None,
    honeypot: str = "",
    proof_of_work_failed: bool = False,
) -> SignResult:
    """Check a signing attempt with trust, then create the signature (the public form's way in).

    A signature over a limit, on a block list or with the honeypot filled is held
    as suspect; the signer is told nothing different. When a source has just gone
    over a limit, its other recent signatures are held too.
    """
    country = (signer.country or UNITED_KINGDOM).upper()
    district = ""
    if country == UNITED_KINGDOM:
        with contextlib.suppress(InvalidPostcode):
            district = postcode_district(postcode_normalise(signer.postcode))
    verdict = signing_check(
        petition_id=petition.pk,
        email=signer.email,
        ip_address=ip_address,
        postcode_district=district,
        country=country,
        honeypot=honeypot,
        proof_of_work_failed=proof_of_work_failed,
    )
    result = signature_create(petition=petition, signer=signer, ip_address=ip_address, suspect_reason=verdict.reason)
    for sweep in verdict.sweep:
        signatures_hold_recent(
            petition=petition, source=sweep.source, value=sweep.value, seconds=sweep.seconds, reason=verdict.reason
        )
    return result

"""A resident's petition found by the links its creator and supporters were sent, its supporters,
and the open petitions like the one a resident is about to write."""

import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from doorstep.petitions.models import Petition
from doorstep.petitions.selectors import Listing, petition_list_public
from doorstep.signatures.models import Signature
from doorstep.signatures.selectors.counts import petition_counts

from ..models import Proposal

SIMILAR_SHOWN = 5
# Words too common to find a similar petition by.
COMMON_WORDS = frozenset(
    """about after again against also because been before being between both could does doing down during each
    from further have having here into just more most other over same should some such than that their them then
    there these they this those through under until very were what when where which while will with would your
    petition petitions please council government stop keep make want call calls""".split()
)


def _with_token(proposal: Proposal | None, token: str, *, field: str) -> Proposal | None:
    if proposal is None or not hmac.compare_digest(getattr(proposal, field), token or ""):
        return None
    return proposal


def proposal_for_creator(*, proposal_id: int, token: str) -> Proposal | None:
    """The proposal the creator's link is for, with its petition; None if the link is not right."""
    proposal = Proposal.objects.select_related("petition").filter(pk=proposal_id).first()
    return _with_token(proposal, token, field="token")


def proposal_for_supporters(*, petition_id: int, token: str) -> Proposal | None:
    """The proposal the share link is for, with its petition and the creator's signature; None if
    the link is not right."""
    proposal = Proposal.objects.select_related("petition", "creator_signature").filter(petition_id=petition_id).first()
    return _with_token(proposal, token, field="share_token")


def proposal_for_petition(*, petition_id: int) -> Proposal | None:
    return Proposal.objects.select_related("petition", "creator_signature").filter(petition_id=petition_id).first()


def supporters_count(*, proposal: Proposal) -> int:
    """Supporters who signed through the share link and confirmed: the petition's counted
    signatures (the kept count) but for its creator's own."""
    creator = proposal.creator_signature
    creator_counted = creator is not None and creator.state in Signature.COUNTED_STATES
    return max(0, petition_counts(petition=proposal.petition).total - creator_counted)


@dataclass(frozen=True)
class Support:
    """How far a petition gathering supporters has got."""

    count: int
    needed: int

    @property
    def still_needed(self) -> int:
        return max(0, self.needed - self.count)


def proposal_support(*, proposal: Proposal) -> Support:
    return Support(count=supporters_count(proposal=proposal), needed=settings.DOORSTEP.scheme_supporters)


def share_url(*, proposal: Proposal) -> str:
    """The link a creator shares with supporters."""
    path = reverse("scheme:support", args=[proposal.petition_id, proposal.share_token])
    return f"{settings.SITE_URL}{path}"


def creator_url(*, proposal: Proposal) -> str:
    """The creator's own page: their petition's progress and the link to share."""
    return f"{settings.SITE_URL}{reverse('scheme:creator', args=[proposal.pk, proposal.token])}"


def search_words(text: str) -> list[str]:
    """The words of `text` worth searching for: four letters or more, not the commonest, at most eight."""
    words = [word.lower() for word in re.findall(r"[^\W\d_]{4,}", text)]
    return list(dict.fromkeys(word for word in words if word not in COMMON_WORDS))[:8]


def petitions_similar(*, text: str, limit: int = SIMILAR_SHOWN) -> list[Petition]:
    """Open petitions sharing words with `text` (what a resident is about to ask for), those
    sharing most first: shown before they write theirs, so they may sign one instead."""
    words = search_words(text)
    if not words:
        return []
    candidates = petition_list_public(state=Listing.OPEN)
    matches: dict[int, tuple[int, Petition]] = {}
    for word in words:
        for petition in candidates.filter(Q(action__icontains=word) | Q(background__icontains=word))[:50]:
            shared, _petition = matches.get(petition.pk, (0, petition))
            matches[petition.pk] = (shared + 1, petition)
    ranked = sorted(matches.values(), key=lambda match: (-match[0], -(match[1].pk)))
    return [petition for _shared, petition in ranked[:limit] if petition.is_signable()]

"""The petition scheme in the demo: residents' petitions at each stage, beside the demo campaign:
one gathering supporters, one waiting for moderation (its words flagged), one rejected with its reason."""

from django.db import transaction

from doorstep.accounts.models import User
from doorstep.demo.seed import DEMO_USERNAME
from doorstep.petitions.models import Petition
from doorstep.scheme.models import Proposal
from doorstep.scheme.selectors.moderation import reason_by_code
from doorstep.scheme.services.moderation import Refusal, petition_turn_down
from doorstep.scheme.services.starting import Start, proposal_confirm, proposal_start
from doorstep.scheme.services.supporters import supporter_sign, supporters_check
from doorstep.scheme.services.thresholds import thresholds_check
from doorstep.signatures.services.confirmation import signature_confirm
from doorstep.signatures.services.signing import Signer

SUPPORTERS = ["Amira Khan", "Ben Walsh", "Chloe Okafor", "Dev Patel", "Ellie Young", "Femi Jones"]


def _started(start: Start, *, supporters: int) -> Proposal:
    """A petition a resident started and confirmed, with `supporters` who signed and confirmed."""
    proposal = proposal_start(start=start, ip_address=None)
    proposal_confirm(proposal=proposal, token=proposal.token)
    for name in SUPPORTERS[:supporters]:
        email = f"{name.lower().replace(' ', '.')}.{proposal.pk}@example.com"
        signature = supporter_sign(
            proposal=proposal,
            token=proposal.share_token,
            signer=Signer(name=name, email=email, postcode=start.postcode),
            ip_address=None,
        ).signature
        signature_confirm(signature=signature, token=signature.token)
    supporters_check(petition_id=proposal.petition_id)
    return proposal


@transaction.atomic
def demo_scheme_create(*, campaign: Petition) -> list[Proposal]:
    """The three residents' petitions (the organiser moderated the rejected one); and the demo
    campaign's thresholds, reached."""
    actor = User.objects.get(username=DEMO_USERNAME)
    gathering = _started(
        Start(
            action="Open Becontree Heath library on Sundays",
            background="Families and students have nowhere quiet to read or study at the weekend.",
            additional_details="",
            name="Priya Patel",
            email="priya.patel@example.com",
            postcode="RM8 3HR",
        ),
        supporters=2,
    )
    waiting = _started(
        Start(
            action="Put a zebra crossing on Rainham Road South",
            background="Children cross four lanes of traffic to reach the school. See www.example.org/road-safety.",
            additional_details="There were three near misses outside the school gates last term.",
            name="Tariq Khan",
            email="tariq.khan@example.com",
            postcode="RM10 7XX",
        ),
        supporters=5,
    )
    rejected = _started(
        Start(
            action="Lower the speed limit on the A13 to 40mph",
            background="The A13 through Dagenham is noisy and dangerous for people living beside it.",
            additional_details="",
            name="Grace Hughes",
            email="grace.hughes@example.com",
            postcode="RM9 6QD",
        ),
        supporters=5,
    )
    reason = reason_by_code(code="irrelevant")
    assert reason is not None  # a standard reason, there after every migrate
    petition_turn_down(
        petition=rejected.petition,
        actor=actor,
        refusal=Refusal(
            reason=reason,
            details="The A13 is a red route, run by Transport for London, not by the council.",
            elsewhere="Transport for London: https://tfl.gov.uk/help-and-contact",
        ),
    )
    thresholds_check(petition_id=campaign.pk)
    return [gathering, waiting, rejected]

"""The words of the canvass page, kept in one place: the consent wording stored with
each signature, and what the page's script says as it works."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Beside the updates tick on the canvass form; stored with each signature that ticks it.
CONSENT_WORDING = gettext_lazy("Email me updates about this campaign. I can stop them at any time.")


def page_texts() -> dict[str, str]:
    """What the canvass page's script shows, translated."""
    return {
        "waiting": _("Waiting to send"),
        "sending": _("Sending…"),
        "offline": _("No signal: signatures are kept on this phone and sent when it is back online."),
        "all_sent": _("Everything collected has been sent."),
        "sent": _("Sent"),
        "held": _("Sent, held for checking: this person may have signed already"),
        "sign_in": _("Sign in again to send the signatures waiting on this phone."),
        "signed_out": _(
            "This phone has been signed out. The signatures that were waiting on it have been deleted from it."
        ),
        "refused": _("Not sent"),
        "remove": _("Remove"),
        "saved": _("Saved on this phone."),
        "error_name": _("Enter the signer's name"),
        "error_address": _("Enter the house number and street"),
        "error_postcode": _("Enter a real postcode, like RM10 7XX"),
        "error_email": _("Enter an email address in the correct format, like name@example.com"),
        "error_agreed": _("The signer must tick that they agree to add their name"),
        "error_summary": _("There is a problem"),
    }

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of a campaign's staff. Signers are not users."""

    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", _("Administrator")
        ORGANISER = "organiser", _("Organiser")
        CASEWORKER = "caseworker", _("Caseworker")
        DATA_ENTRY = "data_entry", _("Data-entry volunteer")
        # Collects signatures door to door on their phone; sees only the canvass pages (doorstep.canvass).
        CANVASSER = "canvasser", _("Canvasser")

    # Roles that may run petitions: create, edit, open, close, extend.
    PETITION_MANAGERS = (Role.ADMINISTRATOR, Role.ORGANISER)
    # Roles that may see and export signers' personal data.
    PERSONAL_DATA_READERS = (Role.ADMINISTRATOR, Role.ORGANISER, Role.CASEWORKER)

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ORGANISER)

    @property
    def can_manage_petitions(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in self.PETITION_MANAGERS)

    @property
    def can_key_paper(self) -> bool:
        """Every staff role may key in paper sheets; it is all a data-entry volunteer may do."""
        return self.is_active and self.is_staff

    @property
    def is_data_entry_only(self) -> bool:
        return self.role == self.Role.DATA_ENTRY and not self.is_superuser

    @property
    def can_read_personal_data(self) -> bool:
        return self.is_active and (self.is_superuser or self.role in self.PERSONAL_DATA_READERS)

    @property
    def can_see_audit_log(self) -> bool:
        """Who saw or exported personal data: administrators only."""
        return self.is_active and (self.is_superuser or self.role == self.Role.ADMINISTRATOR)


# Who did something: a member of staff, or None when Doorstep itself did it (the worker, a command).
Actor = User | None

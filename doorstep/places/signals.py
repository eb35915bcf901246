"""Signals sent by the places app."""

from django.dispatch import Signal

# Sent once a postcode directory import has become the active edition, with
# sender=PostcodeEdition and edition=<the new PostcodeEdition>.
directory_imported = Signal()

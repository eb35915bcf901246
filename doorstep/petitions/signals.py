"""Signals sent by the petitions app."""

from django.dispatch import Signal

# Sent once a transaction that changed a petition's state has committed, with
# sender=Petition, petition_id=<int> and state=<the new Petition.State>. For the
# petition scheme's emails to a resident who started a petition; keep receivers cheap.
state_changed = Signal()

"""Signals sent by the signatures app."""

from django.dispatch import Signal

# Sent after a transaction that added to a petition's count has committed, with
# sender=Signature and petition_id=<int>. For milestones; keep receivers cheap.
count_increased = Signal()

"""Petitions: the petition itself, its lifecycle (draft, open, closed, handed in),
its closing date and the audit trail of every change made to it."""

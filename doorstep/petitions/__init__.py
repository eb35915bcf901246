"""Petitions: the petition itself, its lifecycle (draft, open, closed, handed in; and for a
resident's petition under the petition scheme: waiting for its creator, gathering supporters,
waiting for moderation, rejected or hidden), its closing date and the audit trail of every
change made to it. The scheme's own rules (sponsors, moderation, thresholds) live in `scheme`."""

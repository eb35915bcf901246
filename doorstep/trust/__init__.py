"""Trust: keeping fake signatures out of the count, and signers' data safe.

It owns the signing limits (per IP address and per email domain), the staff
block and allow lists, the kill switches, the record of bulk invalidations,
the retention policy of each petition and the log of staff who saw or
exported personal data. It decides; `signatures` (which sits above it and
calls it) does every write to signatures, so the counts stay exact.

One word per idea: trust *checks* a signing attempt (`services.signing_check`
returns a Verdict: held or not, and which sources to sweep), and `signatures`
*creates* the signature with that verdict.
"""

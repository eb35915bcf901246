"""Signatures: the only code that writes signatures, and the counts kept as they change.

A signature is made pending, counts once confirmed, and can be invalidated.
Counts live in Tally rows, changed in the same transaction as the signature,
so no page ever counts signatures; `doorstep recount` rebuilds them.

One word per idea: trust *checks* a signing attempt (`trust.services.signing_check`:
limits, lists, honeypot, proof of work) and this app *creates* the signature
(`services.signing.signature_create`). The public form's way in does both, in that
order: `services.signing.signature_create_checked`. `services` and `selectors` are
packages of small modules by sub-domain (their `__init__` lists them).
"""

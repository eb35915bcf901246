"""Signatures: the only code that writes signatures, and the counts kept as they change.

A signature is made pending, counts once confirmed, and can be invalidated.
Counts live in Tally rows, changed in the same transaction as the signature,
so no page ever counts signatures; `doorstep recount` rebuilds them.
"""

"""Writes to signatures, by sub-domain. Callers import from the module that defines a function:

- `signing`: an online signature, checked by trust (`signature_create_checked`) or not (`signature_create`)
- `paper`: a signature keyed from a paper sheet
- `confirmation`: the signer's click that makes a signature count
- `holding`: signatures held as suspect, and released by staff
- `invalidation`: taking signatures out of the count, one at a time or in bulk (reversible)
- `retention`: withdrawal, and anonymising signers' data on time
- `data_requests`: a signer asking what is held about them
- `export`: a logged export of signers' data
- `counts`: the kept counts (Tally rows) and their rebuild
- `placing`: the areas a postcode lies in
"""

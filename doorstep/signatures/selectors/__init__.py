"""Reads of signatures, by sub-domain. Callers import from the module that defines a function:

- `counts`: the kept counts and breakdowns (never a count of signatures)
- `confirmation`: the signature a confirmation link or email is about
- `data_requests`: a signer's own data, from their emailed link
- `paper`: what keying paper signatures needs (entry window, signers at a postcode)
- `review`: staff review of signatures (held ones, activity, finding a signer)
- `matching`: the signatures a bulk invalidation's filters match
- `export`: the rows of a staff export
"""

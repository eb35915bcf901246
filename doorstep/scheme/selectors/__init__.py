"""Reads of the petition scheme, by sub-domain. Callers import from the module that defines a function:

- `proposals`: a resident's petition by its links, its supporters, open petitions like a new one
- `flags`: what in a petition's words needs a moderator's eye
- `moderation`: the queue, the standard reasons, decisions and the public page of a rejected petition
- `thresholds`: the install's thresholds, a petition's progress to them, its debate, and the JSON's figures
- `emails`: what each email to a petition's creator says
"""

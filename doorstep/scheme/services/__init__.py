"""Writes of the petition scheme, by sub-domain. Callers import from the module that defines a function:

- `starting`: a resident starts a petition, and confirms their email address
- `supporters`: supporters sign through the share link; enough of them send it to moderation
- `moderation`: publish, reject or hide
- `reasons`: the standard reasons for turning a petition down (put back after every migrate), and staff's own
- `rewording`: new words a moderator proposes, and the creator's answer
- `thresholds`: the install's thresholds reached, each once; debates scheduled and their outcome
- `emails`: queueing the emails to a petition's creator (one task per kind)
"""

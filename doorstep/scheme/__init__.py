"""The petition scheme: residents start petitions, as a council's petition scheme runs them.

Switched on per install (`settings.DOORSTEP.petition_scheme`; an MP's office keeps it off).
This app owns starting a petition (the question pages, the creator's confirmation, the checks
trust makes on starting, text flagged for moderators), its supporters (the share link, counted
through `signatures` once the petition opens), moderation (the queue, decisions with standard
reasons and published explanations, rewording with the creator's agreement), the thresholds
each install sets (reached once, with the date) and debates, the creator's emails (one task per
kind) and the figures the JSON API shows as petition.parliament.uk does.

The petition and its states are `petitions`' (Petition.STARTED_STATES and the groups beside
it); signatures are made and confirmed only through `signatures`. `services` and `selectors`
are packages of small modules by sub-domain (their `__init__` lists them).
"""

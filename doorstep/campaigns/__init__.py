"""Campaigns: what happens around a petition once it is running.

Dated updates and replies from the body addressed (on the page, in the API's
government_response, and emailed to consenting supporters), milestones, a linked
consultation, and the hand-in: frozen counts, the bundle (PDF and CSV schedule)
and the record of its delivery.
"""

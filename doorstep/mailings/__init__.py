"""Mailings: rendering and sending email through Django's mail backends, and the
list of addresses never to mail again (unsubscribed, bounced, complained).

Each kind of email has its own task in the app that owns the reason for it;
this app only knows how to render a template, hand it to the backend, and
whether an address may be mailed.
"""

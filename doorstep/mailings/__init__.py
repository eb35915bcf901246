"""Mailings: rendering and sending email through Django's mail backends.

Each kind of email has its own task in the app that owns the reason for it;
this app only knows how to render a template and hand it to the backend.
"""

"""Accounts: staff users, their roles, and signing in."""

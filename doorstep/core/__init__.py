"""The core: the base model, application errors, safe CSV and task retries.

It imports no other Doorstep app; every other app may import it.
"""

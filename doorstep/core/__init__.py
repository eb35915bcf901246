"""The core: the base model, application errors (and the rule for required text), the
forms that show them, safe CSV, task retries and the daily tasks a worker queues.

It imports no other Doorstep app; every other app may import it.
"""

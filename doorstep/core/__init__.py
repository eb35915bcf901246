"""The core: the base model, application errors (and the rule for required text), the
forms that show them, safe CSV, the worker, task retries, job leases (a long job whose worker
died is taken again), files built whole in the data directory, and the daily tasks a worker queues.

It imports no other Doorstep app; every other app may import it.
"""

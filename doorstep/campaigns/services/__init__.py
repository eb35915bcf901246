"""The campaigns app's writes, one module per part of a campaign: `updates` (updates and
replies), `milestones` and `milestone_emails`, `consultation`, `mailings` (supporter emails
drafted, tested and started) and `sending` (the worker's batches and unsubscribing), `handin`
(freezing the count, recording the delivery) and `bundles` (making the hand-in files).

A module that queues a task and the module that the task runs are kept apart, so that
`tasks` and the services import each other only one way.
"""

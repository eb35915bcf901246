from django.db import models


class TimeStampedModel(models.Model):
    """Every Doorstep record knows when it was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """One `doorstep worker` process's sign of life, written every few seconds while it runs.

    A task the worker claimed is its lease: when the beat stops (the process was killed,
    the machine lost), another worker takes the task again (see core.worker)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    # The id of the task it is running, "" while it waits for one.
    task_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.hostname} (pid {self.pid})"


class JobLease(models.Model):
    """A claim on a long job (a hand-in bundle, a print batch): whoever holds the unexpired
    lease on `key` is doing it, and renews the lease as it goes. A holder that died stops
    renewing, so its lease expires and the job may be taken again (see core.leases)."""

    key = models.CharField(max_length=200, unique=True)
    holder = models.CharField(max_length=200)
    taken_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key} held by {self.holder} until {self.expires_at:%H:%M:%S}"

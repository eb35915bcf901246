"""Passing faults: a database, Redis or mail server that is down, locked or out of reach.

They are nobody's bug and they end by themselves. The web answers them with 503
(core.views.service_unavailable), the worker waits and tries again (core.worker).
Anything else is a bug, and fails the request (500) or the task.
"""

import logging
import smtplib
import socket

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from redis.exceptions import BusyLoadingError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS: tuple[type[BaseException], ...] = (
    # The database: unreachable, restarting, connection lost, SQLite locked past its busy timeout.
    OperationalError,
    InterfaceError,
    # Redis (the cache and the limit counters at scale).
    RedisConnectionError,
    RedisTimeoutError,
    BusyLoadingError,
    # The network and the mail server (out of reach, or hung up). A mail server's answer is
    # a passing fault only when it says so (a 4xx code), see is_outage.
    ConnectionError,
    TimeoutError,
    socket.gaierror,
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)


def _passing(error: BaseException) -> bool:
    if isinstance(error, OUTAGE_ERRORS):
        return True
    # "451 try again later" is passing; "550 no such mailbox" is not.
    return isinstance(error, smtplib.SMTPResponseException) and 400 <= error.smtp_code < 500


def is_outage(error: BaseException) -> bool:
    """True if `error`, or an error it was raised from or while handling, is a passing fault.

    (A broken connection inside a transaction often surfaces as a second error,
    "you can't execute queries until the end of the atomic block", raised while
    handling the first.)"""
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return False
        if _passing(seen):
            return True
        seen = seen.__cause__ or (None if seen.__suppress_context__ else seen.__context__)
    return False


def connections_drop() -> None:
    """Close this thread's database connections (those not inside a transaction), so the
    next query connects afresh instead of reusing a connection the outage broke."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close()
        except DatabaseError as error:  # closing a broken connection may itself fail
            logger.debug("closing %s failed: %s", connection.alias, error)

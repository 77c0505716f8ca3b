"""Which store and database errors are worth trying again, and a back-off loop for the calls outside
a dossier task (the task itself is retried by Prefect with the same test).

Transient: the server could not be reached or said it is busy. Not transient: a refused key, a hash
that does not match, bad input. Those are outcomes (quarantine, review), never retried.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger("sohoa.storage")
T = TypeVar("T")

# S3 error codes that mean "busy or briefly broken", from the S3 and MinIO error lists
_S3_BUSY = {"InternalError", "ServiceUnavailable", "SlowDown", "RequestTimeout", "RequestTimeTooSkewed",
            "OperationAborted", "XMinioServerNotInitialized", "XMinioReadQuorum", "XMinioWriteQuorum"}


def is_transient(exc: BaseException) -> bool:
    """True for connection failures and busy answers of the object store or a database, also when
    wrapped (`raise ... from exc`)."""
    seen = 0
    while exc is not None and seen < 5:
        if _transient(exc):
            return True
        exc, seen = exc.__cause__, seen + 1
    return False


def _transient(exc: BaseException) -> bool:
    from minio.error import S3Error, ServerError
    from sqlalchemy import exc as sa_exc
    from urllib3.exceptions import HTTPError as Urllib3Error

    if isinstance(exc, (ConnectionError, Urllib3Error, ServerError)):
        return True
    if isinstance(exc, S3Error):
        return exc.code in _S3_BUSY
    if isinstance(exc, sa_exc.DBAPIError):
        return isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError)) or exc.connection_invalidated
    return isinstance(exc, sa_exc.DisconnectionError)


def backoff(first: float, attempts: int) -> list[float]:
    """Waits before each retry: first, 2 x first, 4 x first..."""
    return [first * 2 ** n for n in range(attempts)]


def retrying(action: Callable[[], T], *, retries: int, first_wait: float, what: str) -> T:
    """Run action; on a transient error wait and try again, up to `retries` more times."""
    for n, wait in enumerate(backoff(first_wait, retries) + [None]):
        try:
            return action()
        except Exception as exc:
            if wait is None or not is_transient(exc):
                raise
            log.warning("%s failed (%s), attempt %d of %d; again in %.1f s", what, type(exc).__name__, n + 1,
                        retries + 1, wait)
            time.sleep(wait)
    raise AssertionError("unreachable")

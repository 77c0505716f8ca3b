"""prefect-dask's DaskTaskRunner with one Prefect API client per Dask worker process.

Why: Prefect's task engine, run on a Dask worker, finds no client in the task's context and builds two
for every task run (one for the flow run's context, one for the task run), each parsing the CA bundle
into a new SSL context: ~0.03 CPU s per dossier, and a new connection to the API. Here a task run
starts with the worker's one open client already in Prefect's own client context
(`SyncClientContext`), where the engine looks for it first; task run names, states, retries, logs and
artifacts are Prefect's as before. The client is keyed by the API the flow run talks to (URL and
credentials from the flow's settings, which Prefect sends with every task run).

The only hook used outside the public API: the runner's `_client` (created here, with the
`_exit_stack` that closes it) and `SyncClientContext.__var__` (the context variable Prefect's
`ContextModel.__enter__` sets). tests/flows/test_dask_runner.py pins both.
"""
from __future__ import annotations

import threading
from contextlib import nullcontext
from typing import Any

import distributed
from prefect.context import SettingsContext, SyncClientContext
from prefect_dask import DaskTaskRunner
from prefect_dask.client import PrefectDaskClient

_CLIENTS: dict[tuple, SyncClientContext] = {}
_LOCK = threading.Lock()


def _api_of(context: dict | None) -> tuple:
    """Which API (and as whom) a task run talks to, from the settings its flow run sent."""
    api = ((context or {}).get("settings_context") or {}).get("settings", {}).get("api", {})
    return tuple(str(api.get(k)) for k in ("url", "key", "auth_string", "tls_insecure_skip_verify",
                                           "ssl_cert_file"))


def process_client(context: dict | None) -> SyncClientContext:
    """This process's open client context for the API of `context`, built on first use under the
    flow's settings (so it talks to the flow's API) and kept open for the life of the process."""
    key = _api_of(context)
    with _LOCK:
        ctx = _CLIENTS.get(key)
        if ctx is None:
            settings = (context or {}).get("settings_context")
            with SettingsContext(**settings) if settings else nullcontext():
                ctx = SyncClientContext()
                ctx.__enter__()  # opens the client; never exited: the worker process owns it
            _CLIENTS[key] = ctx
    return ctx


class WithProcessClient:
    """A Prefect task run (prefect-dask's wrapper of `run_task_sync`) run with this worker process's
    client in Prefect's client context. A class at module level, so Dask pickles it by reference and
    every task run on a worker sees the same `_CLIENTS`."""

    def __init__(self, run):
        self.run = run
        self.__name__ = getattr(run, "__name__", "task")  # Dask names the task's key after it

    def __call__(self, *args: Any, **kwargs: Any):
        token = SyncClientContext.__var__.set(process_client(kwargs.get("context")))
        try:
            return self.run(*args, **kwargs)
        finally:
            SyncClientContext.__var__.reset(token)


class _WrapTaskRuns(distributed.Client):
    def submit(self, func, *args, **kwargs):
        if "task_run_id" in kwargs and "context" in kwargs:  # a Prefect task run from PrefectDaskClient.submit
            func = WithProcessClient(func)
        return super().submit(func, *args, **kwargs)


class DossierDaskClient(PrefectDaskClient, _WrapTaskRuns):
    """PrefectDaskClient, whose `super().submit` goes through _WrapTaskRuns (method resolution order)."""


class DossierTaskRunner(DaskTaskRunner):
    """DaskTaskRunner on an existing scheduler (`address`) whose task runs reuse their worker's client."""

    @property
    def client(self) -> PrefectDaskClient:
        if not self._client and self.address:
            self._client = self._exit_stack.enter_context(DossierDaskClient(self.address, **self.client_kwargs))
        return super().client

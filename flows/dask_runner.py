"""prefect-dask's DaskTaskRunner with one Prefect API client and one settings object per Dask worker process.

Why: Prefect's task engine, run on a Dask worker, finds no client in the task's context and builds two
for every task run (one for the flow run's context, one for the task run), each parsing the CA bundle
into a new SSL context, and it rebuilds the flow's settings from the dict sent with the task (pydantic
settings, reading the environment again): ~0.05 CPU s per dossier in all, and a new connection to the
API. Here a task run starts with the worker's open client and the flow's settings (built once per
distinct settings sent) already in Prefect's own contexts (`SyncClientContext`, `SettingsContext`),
where the engine looks for them first; task run names, states, retries, logs and artifacts are
Prefect's as before. The client is built under the flow's settings, so it talks to the flow's API.

On the flow's side, prefect-dask serialises the flow's settings again for every task run it submits
(a pydantic dump of every setting) and Dask hashes the pickled task to name it: together about half of
the flow process's CPU per dossier. Here the settings are dumped once per settings object, and a task
run's Dask key is its function's name and a random id (`pure=False`; the task run id already makes
every submission distinct, so no two were ever merged).

The only hooks used outside the public API: the runner's `_client` (created here, with the
`_exit_stack` that closes it), the context variables Prefect's `ContextModel.__enter__` sets
(`SyncClientContext.__var__`, `SettingsContext.__var__`) and `SettingsContext.serialize`, which
`serialize_context` calls. tests/flows/test_dask_runner.py pins them.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager, nullcontext
from typing import Any

import distributed
from prefect.context import SettingsContext, SyncClientContext
from prefect.tasks import Task
from pydantic import PrivateAttr
from prefect_dask import DaskTaskRunner
from prefect_dask.client import PrefectDaskClient

_CLIENTS: dict[tuple, SyncClientContext] = {}
_SETTINGS: dict[str, SettingsContext] = {}
_LOCK = threading.Lock()


def _api_of(context: dict | None) -> tuple:
    """Which API (and as whom) a task run talks to, from the settings its flow run sent."""
    api = ((context or {}).get("settings_context") or {}).get("settings", {}).get("api", {})
    return tuple(str(api.get(k)) for k in ("url", "key", "auth_string", "tls_insecure_skip_verify",
                                           "ssl_cert_file"))


@contextmanager
def _in(ctx, var):
    """`ctx` as the current value of Prefect's context variable `var` for this block."""
    token = var.set(ctx)
    try:
        yield ctx
    finally:
        var.reset(token)


def process_settings(serialized: dict) -> SettingsContext:
    """The flow's settings as sent with a task run, built once per process per distinct settings."""
    key = json.dumps(serialized, sort_keys=True, default=str)
    with _LOCK:
        ctx = _SETTINGS.get(key)
        if ctx is None:
            ctx = _SETTINGS[key] = SettingsContext(**serialized)
    return ctx


def process_client(context: dict | None) -> SyncClientContext:
    """This process's open client context for the API of `context`, built on first use under the
    flow's settings (so it talks to the flow's API) and kept open for the life of the process."""
    key = _api_of(context)
    with _LOCK:
        ctx = _CLIENTS.get(key)
    if ctx is None:
        settings = (context or {}).get("settings_context")
        with _in(process_settings(settings), SettingsContext.__var__) if settings else nullcontext():
            ctx = SyncClientContext()
        with _LOCK:
            if key in _CLIENTS:  # another thread was first
                return _CLIENTS[key]
            ctx.__enter__()  # opens the client; never exited: the worker process owns it
            _CLIENTS[key] = ctx
    return ctx


class WithProcessClient:
    """A Prefect task run (prefect-dask's wrapper of `run_task_sync`) run with this worker process's
    client and settings in Prefect's contexts. A class at module level, so Dask pickles it by reference
    and every task run on a worker sees the same caches."""

    def __init__(self, run):
        self.run = run
        self.__name__ = getattr(run, "__name__", "task")  # Dask names the task's key after it

    def __call__(self, *args: Any, **kwargs: Any):
        context = kwargs.get("context") or {}
        client = process_client(context)
        settings = context.get("settings_context")
        if settings:  # in force already: the engine need not build it again from the dict
            kwargs["context"] = {**context, "settings_context": {}}
        with _in(process_settings(settings), SettingsContext.__var__) if settings else nullcontext():
            with _in(client, SyncClientContext.__var__):
                return self.run(*args, **kwargs)


class _SettingsDumpedOnce(SettingsContext):
    """The flow's settings context, whose serialised form is made once and sent with every task run
    (read only: the worker builds its settings from it, see process_settings)."""

    _dump: dict = PrivateAttr(default_factory=dict)

    def serialize(self, include_secrets: bool = True) -> dict[str, Any]:
        if include_secrets not in self._dump:
            self._dump[include_secrets] = super().serialize(include_secrets=include_secrets)
        return self._dump[include_secrets]


_SENT: list = [None, None]  # [the flow's settings context, its _SettingsDumpedOnce]


def dumped_once(ctx: SettingsContext | None) -> SettingsContext | None:
    """`ctx` as a context that serialises once; a new one when the flow's settings change."""
    if ctx is None or isinstance(ctx, _SettingsDumpedOnce):
        return ctx
    with _LOCK:
        if _SENT[0] is not ctx:
            _SENT[:] = [ctx, _SettingsDumpedOnce.model_construct(
                _fields_set=set(ctx.model_fields_set), profile=ctx.profile, settings=ctx.settings)]
        return _SENT[1]


class _WrapTaskRuns(distributed.Client):
    def submit(self, func, *args, **kwargs):
        if "task_run_id" in kwargs and "context" in kwargs:  # a Prefect task run from PrefectDaskClient.submit
            func = WithProcessClient(func)
        return super().submit(func, *args, **kwargs)


class DossierDaskClient(PrefectDaskClient, _WrapTaskRuns):
    """PrefectDaskClient, whose `super().submit` goes through _WrapTaskRuns (method resolution order).
    A Prefect task is submitted with the flow's settings dumped once and a key that needs no hashing."""

    def submit(self, func, *args, **kwargs):
        if not isinstance(func, Task):
            return super().submit(func, *args, **kwargs)
        kwargs.setdefault("pure", False)
        ctx = dumped_once(SettingsContext.get())
        with _in(ctx, SettingsContext.__var__) if ctx is not None else nullcontext():
            return super().submit(func, *args, **kwargs)


class DossierTaskRunner(DaskTaskRunner):
    """DaskTaskRunner on an existing scheduler (`address`) whose task runs reuse their worker's client."""

    @property
    def client(self) -> PrefectDaskClient:
        if not self._client and self.address:
            self._client = self._exit_stack.enter_context(DossierDaskClient(self.address, **self.client_kwargs))
        return super().client

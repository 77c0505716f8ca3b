"""DossierTaskRunner: task runs on a Dask worker reuse the worker's one Prefect API client and the
flow's settings built once, talk to the flow's API, and keep their names, final states and retries (an in-process Dask cluster on loopback, the test harness's API)."""
from __future__ import annotations

import pytest
from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.context import SettingsContext, SyncClientContext
from prefect.settings import get_current_settings
from prefect.states import Completed
from prefect_dask import DaskTaskRunner

from flows import dask_runner
from flows.dask_runner import DossierTaskRunner

SEEN: list = []  # the clients task runs found (kept alive, so identity is meaningful)
SETTINGS: list = []  # and the settings in force
TRIES: dict[int, int] = {}


def _record(n: int, client) -> int:
    """Module-level, so Dask pickles it by reference and it fills this module's lists (the task
    itself is pickled by value, with copies of the globals it names)."""
    SEEN.append(client)
    SETTINGS.append(SettingsContext.get().settings)
    TRIES[n] = TRIES.get(n, 0) + 1
    return TRIES[n]


@task(task_run_name="dossier-{n}", retries=1, retry_delay_seconds=0)
def which_client(n: int, api: str):
    client = get_client(sync_client=True)
    assert client is SyncClientContext.get().client  # the engine's client is the one found
    assert get_current_settings().api.url == api == str(client.api_url).rstrip("/")  # the flow's API
    if _record(n, client) == 1 and n == 2:
        raise ConnectionError("store down for a moment")  # retried by Prefect
    return Completed(name="Review", data=n) if n == 1 else n


def _run(runner) -> list:
    @flow(name="dask-client-reuse", task_runner=runner)
    def many():
        api = get_current_settings().api.url
        futures = [which_client.submit(n, api) for n in range(5)]
        return [f.result() for f in futures], [f.task_run_id for f in futures]

    return many()


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c.scheduler_address


def test_task_runs_on_a_worker_share_one_api_client_and_keep_names_states_and_retries(cluster):
    SEEN.clear()
    SETTINGS.clear()
    TRIES.clear()
    results, ids = _run(DossierTaskRunner(address=cluster))
    assert results == [0, 1, 2, 3, 4]
    assert len(SEEN) == 6 and all(c is SEEN[0] for c in SEEN)  # five runs and a retry, one client
    assert all(s is SETTINGS[0] for s in SETTINGS)  # and one settings object, built once
    with get_client(sync_client=True) as client:
        runs = {r.id: r for r in (client.read_task_run(i) for i in ids)}
    assert [runs[i].name for i in ids] == [f"dossier-{n}" for n in range(5)]
    assert [runs[i].state.name for i in ids] == ["Completed", "Review", "Completed", "Completed", "Completed"]
    assert runs[ids[2]].run_count == 2  # the retry ran on the worker too


def test_without_it_each_task_run_builds_its_own_client(cluster):
    """The control: prefect-dask's runner as shipped gives every task run a new client."""
    SEEN.clear()
    SETTINGS.clear()
    TRIES.clear()
    _run(DaskTaskRunner(address=cluster))
    assert len(SEEN) == 6 and len({id(c) for c in SEEN}) == 5  # a retry stays in its run's engine
    assert len({id(s) for s in SETTINGS}) == 5


def _count_settings_dumps(monkeypatch) -> list:
    """Every SettingsContext.serialize call (prefect-dask makes one per task run it submits)."""
    calls: list = []
    real = SettingsContext.serialize

    def counted(self, *args, **kwargs):
        calls.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(SettingsContext, "serialize", counted)
    return calls


def test_the_flows_settings_are_dumped_once_for_all_its_task_runs(cluster, monkeypatch):
    SEEN.clear()
    SETTINGS.clear()
    TRIES.clear()
    monkeypatch.setattr(dask_runner, "_SENT", [None, None])  # not dumped by an earlier test's flow
    calls = _count_settings_dumps(monkeypatch)
    results, _ = _run(DossierTaskRunner(address=cluster))
    assert results == [0, 1, 2, 3, 4]
    assert len(calls) == 1  # five task runs, one dump
    assert all(s is SETTINGS[0] for s in SETTINGS)  # the worker still builds the settings once


def test_prefect_dask_dumps_them_for_every_task_run(cluster, monkeypatch):
    """The control: prefect-dask's runner as shipped."""
    TRIES.clear()
    calls = _count_settings_dumps(monkeypatch)
    _run(DaskTaskRunner(address=cluster))
    assert len(calls) == 5

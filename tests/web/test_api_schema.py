"""Property-based tests of the REST API against its own OpenAPI schema (schemathesis): for every
operation, generated requests with a token of a role it admits never get a 500, and every response
(status, headers, body) is one the schema declares."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from web_helpers import BATCH, add_pdf, seed_dossier

from web.api import ROUTERS
from web.api_auth import TokenAllow


def roles_of(method: str, path: str) -> frozenset[str]:
    for route in (route for r in ROUTERS for route in r.routes):
        if route.path == path and method.upper() in route.methods:
            return next(d.call.roles for d in route.dependant.dependencies if isinstance(d.call, TokenAllow))
    raise KeyError((method, path))


@pytest.fixture
def api_schema(client, tokens, sector):
    """The schema as the app serves it (a token is needed to read it), over a station holding a dossier
    in review with its PDF/A; half the generated path parameters name what exists."""
    did = seed_dossier()
    known = {"dossier_id": did, "doc_code": add_pdf(did), "name": BATCH}
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", client.app,
                                            headers={"Authorization": f"Bearer {tokens['reviewer']}"})

    @schema.hook
    def flatmap_path_parameters(context, path_parameters):
        if not path_parameters:
            return st.just(path_parameters)
        real = {k: known[k] for k in path_parameters if k in known}
        return st.sampled_from([path_parameters, {**path_parameters, **real}])

    return schema


# one test per operation; schemathesis' lazy pytest loader does not run on pytest 9, so each test draws
# the operation's cases from the loaded schema with Hypothesis itself
OPERATIONS = sorted((m, route.path) for r in ROUTERS for route in r.routes if route.include_in_schema
                    for m in route.methods)
# operations whose input the machine's own validators check beyond the schema (an impossible date, an
# ID with no such province, a required value nobody confirmed): a schema-valid body may rightly get 422
VALIDATED = {("POST", "/api/v1/review/{dossier_id}/approve"), ("PUT", "/api/v1/documents/{doc_code}")}


@pytest.mark.parametrize("method, path", OPERATIONS)
def test_the_api_keeps_to_its_schema(api_schema, tokens, method, path):
    operation = api_schema[path][method]
    headers = {"Authorization": f"Bearer {tokens[sorted(roles_of(method, path))[0]]}"}
    excluded = [positive_data_acceptance] if (method, path) in VALIDATED else []

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def keeps_to_it(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    keeps_to_it()

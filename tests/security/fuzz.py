"""Property-based fuzzing of the REST API with schemathesis, through Django's test client.

Every operation of the OpenAPI schema (drf-spectacular's, as the signed-in user sees it) gets
``max_examples`` generated requests; path ids are half the time replaced by ids the user can
really reach (taken from the list endpoints), so the fuzzing gets past the 404s into the code.
A server error (>= 500) is a failure; anything else (400, 403, 404, 405) is the API refusing
bad input as it should. Runs in one database transaction, so nothing it creates is kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

SKIP_PATHS = {"/api/v1/auth/token/"}  # logging in with random passwords would only feed axes' lock-out


@dataclass
class FuzzStats:
    requests: int = 0
    operations: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def first_failure_per_operation(self) -> list[str]:
        seen, first = set(), []
        for failure in self.failures:
            key = re.sub(r"/\d+/", "/{id}/", failure.split(" query=")[0])
            if key not in seen:
                seen.add(key)
                first.append(failure)
        return first

    def summary(self) -> str:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        return (f"schemathesis: {self.operations} operations, {self.requests} generated requests, "
                f"{len(self.failures)} server errors ({codes})")


def load_schema(client) -> schemathesis.schemas.BaseSchema:
    raw = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    return schemathesis.openapi.from_dict(raw)


def _reachable_ids(client, path: str) -> list[int]:
    """Ids the user can reach for the collection at the start of ``path`` (via its list endpoint)."""
    match = re.match(r"^(/api/v1/[^{]+?/)\{", path)
    if not match:
        return []
    response = client.get(match.group(1))
    if response.status_code != 200:
        return []
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return [r["id"] for r in rows if isinstance(r, dict) and isinstance(r.get("id"), int)][:20]


def _send(client, case) -> int:
    path = case.formatted_path
    if case.query:
        path = f"{path}?{urlencode(case.query, doseq=True)}"
    kwargs = {}
    if case.body is not None and type(case.body).__name__ != "NotSet":
        if case.media_type and "json" in case.media_type:
            kwargs = {"data": json.dumps(case.body), "content_type": "application/json"}
        elif case.media_type and "multipart" in case.media_type and isinstance(case.body, dict):
            kwargs = {"data": {k: v for k, v in case.body.items() if v is not None}}
        else:
            kwargs = {"data": str(case.body), "content_type": case.media_type or "text/plain"}
    method = case.method.lower()
    if method == "get":
        return client.get(path).status_code
    return client.generic(case.method.upper(), path, **({"data": b"", **kwargs} if "content_type" in kwargs
                                                         else _multipart(client, kwargs))).status_code


def _multipart(client, kwargs) -> dict:
    if not kwargs:
        return {"data": b""}
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    boundary = "fuzzBoundary"
    return {"data": encode_multipart(boundary, kwargs["data"]),
            "content_type": f"{MULTIPART_CONTENT.split(';')[0]}; boundary={boundary}"}


def fuzz(client, *, max_examples: int, seed: int = 0) -> FuzzStats:
    """Generate and send requests to every operation; collect status codes and server errors."""
    schema = load_schema(client)
    stats = FuzzStats()
    client.raise_request_exception = False
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path in SKIP_PATHS:
            continue
        stats.operations += 1
        _fuzz_operation(client, operation, stats, ids=_reachable_ids(client, operation.path),
                        max_examples=max_examples, seed=seed)
    return stats


def _fuzz_operation(client, operation, stats: FuzzStats, *, ids: list[int], max_examples: int, seed: int) -> None:
    @hypothesis.seed(seed)
    @hypothesis.settings(max_examples=max_examples, deadline=None, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @hypothesis.given(case=operation.as_strategy(), real=st.booleans(), pick=st.integers(0, 19))
    def run(case, real, pick):
        if real and ids:
            for name in case.path_parameters or {}:
                if name in ("id", "pk"):
                    case.path_parameters[name] = ids[pick % len(ids)]
        status = _send(client, case)
        stats.requests += 1
        stats.statuses[status] = stats.statuses.get(status, 0) + 1
        if status >= 500:
            body = case.body if type(case.body).__name__ != "NotSet" else None
            stats.failures.append(f"{case.method.upper()} {case.formatted_path} query={case.query!r} "
                                  f"body={body!r} -> {status}")

    run()

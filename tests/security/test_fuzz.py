"""The API survives generated input: schemathesis finds no server error (short run; `make fuzz` is longer)."""

import os

import pytest

from tests.organizations.factories import MemberFactory
from tests.security.conftest import REPORT
from tests.security.fuzz import fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))


@pytest.mark.fuzz
def test_generated_api_requests_cause_no_server_error(client, tree, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    MemberFactory.create_batch(3, branch=tree.g1)
    client.force_login(alice)
    stats = fuzz(client, max_examples=EXAMPLES, seed=int(os.environ.get("FUZZ_SEED", "0")))
    REPORT.append(stats.summary())
    assert stats.operations >= 10 and stats.requests >= stats.operations
    assert stats.failures == [], "\n".join(stats.first_failure_per_operation())

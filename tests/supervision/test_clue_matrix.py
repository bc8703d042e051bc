"""The scope matrix for problem clues, as the insiders who must not read them.

tests/test_scope_matrix.py walks every URL as outsiders from street S2; a clue is narrower than
the tree, so here every URL of the URL conf is requested (GET) as the people of S1 and C1 who may
see everything else there (the C1 secretary, an S1 street official, the G1 grid worker, an S1
auditor), against the matrix's own planted rows with the clue's text replaced by its own marker:
none may show it. The committee member, the street's discipline staff and the district do.
"""

from __future__ import annotations

import pytest

from accounts.models import Role
from supervision.models import ProblemClue
from tests.conftest import make_user
from tests.test_scope_matrix import PLANTED, TARGETS, planted  # noqa: F401  (the fixture)

from .factories import grant

pytestmark = pytest.mark.django_db

CLUE_MARKER = "线索探针"


@pytest.fixture
def clue(planted):  # noqa: F811
    ProblemClue.objects.filter(pk=PLANTED).update(matter=CLUE_MARKER, handling=CLUE_MARKER)
    return ProblemClue.objects.get(pk=PLANTED)


def _shown_at(client) -> list[str]:
    shown = []
    for target in TARGETS:
        response = client.get(target.url)
        body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
        if CLUE_MARKER.encode() in body:
            shown.append(target.url)
    return shown


@pytest.mark.parametrize(("role", "node"), [
    (Role.COMMUNITY_SECRETARY, "c1"), (Role.STREET_OFFICIAL, "s1"), (Role.GRID_WORKER, "g1"), (Role.AUDITOR, "s1"),
])
def test_insiders_without_a_clue_access_never_see_the_clue(client, tree, clue, role, node):
    client.force_login(make_user(f"insider_{role}", role, getattr(tree, node), is_staff=True))
    assert _shown_at(client) == []


def test_the_committee_and_the_street_discipline_staff_do(client, tree, clue):
    member = make_user("committee_member", Role.GRID_WORKER, tree.g1)
    grant(member, tree.c1, "committee_member")
    staff = make_user("discipline", Role.STREET_OFFICIAL, tree.s1, is_staff=True)
    grant(staff, tree.s1, "discipline_staff")
    for user in (member, staff):
        client.force_login(user)
        shown = _shown_at(client)
        assert f"/supervision/clues/{PLANTED}/" in shown, user.username

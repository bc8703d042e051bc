"""Buttons show only what the role may do (issue 8): walking the portal as the read-only auditor, the
grid worker and department staff of the demo district, no link or form a page offers them is refused.

The walk (``role_walk.walk``) opens the home page and every menu entry, then a few pages of each kind
they link to, and presses every button found there: links are opened, forms are sent with their own
hidden fields inside a rolled-back transaction. A 403 means the page offered a button the role may not
press; templates ask ``{% load rights %}`` (``partybuild/rights_tags.py``) or a flag the view computes
with the check of the target view.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from partybuild.nav import menu_for

from .role_walk import buttons_on, walk


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", "--scale", "small", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _client(username: str) -> tuple[Client, User]:
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    return client, user


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["auditor", "gridworker", "dept"])
def test_no_button_offered_to_the_role_is_refused(demo, username):
    client, user = _client(username)
    start = ["/"] + [entry.url for group in menu_for(user) for entry in group.entries]
    assert walk(client, start) == {}


@pytest.mark.django_db
def test_the_walk_sees_refused_buttons(demo):
    """The walk itself can fail: a page offering the district's rules preview to a grid worker is caught."""
    client, _ = _client("gridworker")
    html = f'<a href="{reverse("stars:preview")}">预演</a>'
    assert [b.url for b in buttons_on(html, "/stars/")] == [reverse("stars:preview")]
    assert walk(client, [reverse("stars:preview")]) == {f"403 GET {reverse('stars:preview')}": ["(menu)"]}


@pytest.mark.django_db
def test_the_auditor_sees_no_report_button_and_no_import_entry(demo):
    client, user = _client("auditor")
    menu = [entry.url for group in menu_for(user) for entry in group.entries]
    assert reverse("imports:upload") not in menu
    page = client.get(reverse("reports:list")).content.decode()
    assert reverse("reports:create") not in page


@pytest.mark.django_db
def test_a_refused_forged_post_says_why(demo):
    """The auditor forges the form of a button they are not shown: the 403 page gives the refusal's reason."""
    client, _ = _client("auditor")
    response = client.post(reverse("cadres:leader-create"), {})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'id="error-reason"' in page

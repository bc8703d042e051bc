"""A long export does not block writers (issue 8: "database is locked" while a member export ran).

Against the live server on the SQLite file database (WAL, immediate transactions for writes): a
district admin's member export is slowed to a few seconds per file, and while it runs another user
logs in through the form and a thread saves a record. Both writes must finish while the export is
still reading, without an error. Under ATOMIC_REQUESTS the export's request would hold the write
lock until it ends, and the writes would wait for it (or fail with "database is locked").
"""

from __future__ import annotations

import re
import threading
import time

import requests
from django.db import connection, transaction
from django.test import Client
from django.urls import get_resolver, reverse

from imports import resources
from organizations.models import Organization
from tests.conftest import PASSWORD
from tests.organizations.factories import MemberFactory

EXPORT_SECONDS = 4.0
ROWS = 8


def _session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def _login_through_form(base_url: str, username: str) -> int:
    with requests.Session() as http:
        page = http.get(f"{base_url}/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = http.post(f"{base_url}/login/", timeout=30, allow_redirects=False,
                           data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
                           headers={"Referer": f"{base_url}/login/"})
        return answer.status_code


def test_writes_go_through_while_a_long_export_runs(transactional_db, live_server, tree, dana, alice,
                                                    monkeypatch):
    for _ in range(ROWS):
        MemberFactory(branch=tree.g1)
    started = threading.Event()
    # The age column is computed once per row while the rows stream into the workbook.
    original = resources.MemberResource.dehydrate_age

    def slow_row(self, *args, **kwargs):
        started.set()
        time.sleep(EXPORT_SECONDS / ROWS)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(resources.MemberResource, "dehydrate_age", slow_row)
    times: dict[str, float] = {}
    errors: list[BaseException] = []

    def export():
        try:
            answer = requests.get(f"{live_server.url}{reverse('imports:member-export')}",
                                  cookies=_session_cookie(dana), timeout=60)
            times["export_status"] = answer.status_code
        except BaseException as exc:
            errors.append(exc)
        times["export_done"] = time.monotonic()

    def login():
        try:
            times["login_status"] = _login_through_form(live_server.url, alice.username)
        except BaseException as exc:
            errors.append(exc)
        times["login_done"] = time.monotonic()

    def save():
        try:
            with transaction.atomic():
                Organization.objects.filter(pk=tree.c2.pk).update(name="户部巷社区党委")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()
        times["save_done"] = time.monotonic()

    exporter = threading.Thread(target=export)
    exporter.start()
    assert started.wait(20), "the export never started reading rows"
    writers = [threading.Thread(target=login), threading.Thread(target=save)]
    for writer in writers:
        writer.start()
    for thread in (*writers, exporter):
        thread.join(60)

    assert errors == []
    assert times["export_status"] == 200
    assert times["login_status"] == 302
    # Both writes finished while the export was still reading, not after it let go of a lock.
    assert times["login_done"] < times["export_done"] - 1.0
    assert times["save_done"] < times["export_done"] - 1.0
    assert Organization.objects.get(pk=tree.c2.pk).name == "户部巷社区党委"


def test_every_export_view_runs_outside_atomic_requests():
    """Every URL whose name ends in ``export`` (pages and the admin's export actions) is non-atomic."""
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif pattern.name and pattern.name.endswith("export"):
                found.append((prefix + pattern.name, pattern.callback))

    walk(get_resolver().url_patterns)
    names = {name for name, _ in found}
    assert {"imports:member-export", "imports:org-export", "services:visit-export", "services:pledge-export",
            "services:fulfilment-export", "services:needy-export", "services:demand-export",
            "admin:organizations_member_export", "admin:organizations_organization_export",
            "reports:stats-export", "services:stats-export", "organizations:coverage-export", "cadres:cadre-export",
            "estates:registers-export", "orglife:compliance-export", "stars:ledger-export"} <= names
    atomic = [name for name, callback in found if "default" not in getattr(callback, "_non_atomic_requests", ())]
    assert atomic == []

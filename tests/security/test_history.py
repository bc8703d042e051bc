"""The change history of audited records: who sees it, what it shows, masking inside it."""

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from organizations import member_services
from partybuild.personal import mask_phone


def history(obj):
    return reverse("audit:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def edited(member_c1, alice):
    with set_actor(alice):
        member_services.member_update(user=alice, member=member_c1, name="李红梅", phone="13800001111")
    member_c1.refresh_from_db()
    return member_c1


@pytest.mark.parametrize("actor", ["dana", "alice", "carol", "audrey"])
def test_history_roles_see_who_changed_what_with_field_names(client, edited, actor, request):
    client.force_login(request.getfixturevalue(actor))
    page = client.get(history(edited)).content.decode()
    assert "李红梅" in page and "李红" in page  # old → new
    assert "Alice" in page  # who
    assert "姓名" in page or "name" in page  # the field's verbose name, not a column name only


@pytest.mark.parametrize("actor", ["gina", "dave"])
def test_grid_workers_and_department_staff_get_403(client, edited, actor, request):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(history(edited)).status_code == 403


def test_outsider_gets_404(client, edited, charlie):
    client.force_login(charlie)
    assert client.get(history(edited)).status_code == 404


@pytest.mark.parametrize("path", [("auth", "user"), ("audit", "personaldataaccess"), ("nope", "nothing"),
                                  ("organizations", "missing")])
def test_unaudited_unscoped_or_unknown_models_are_404(client, dana, path):
    client.force_login(dana)
    assert client.get(reverse("audit:history", args=[*path, 1])).status_code == 404


@pytest.mark.parametrize("actor", ["alice", "dana"])
def test_phone_is_masked_in_history_for_every_role(client, edited, actor, request):
    # A district admin too: the full value is reachable only through a recorded reveal.
    client.force_login(request.getfixturevalue(actor))
    page = client.get(history(edited)).content.decode()
    assert "13800001111" not in page and mask_phone("13800001111") in page


def test_the_audit_log_stores_personal_fields_masked(edited):
    from auditlog.models import LogEntry

    stored = [str(e.changes) for e in LogEntry.objects.get_for_object(edited)]
    assert stored and not any("13800001111" in text for text in stored)
    assert any(mask_phone("13800001111") in text for text in stored)


def test_history_never_shows_the_version_field(edited):
    from auditlog.models import LogEntry

    assert all("version" not in (e.changes_dict or {}) for e in LogEntry.objects.get_for_object(edited))


def test_history_is_paginated(client, member_c1, alice):
    for i in range(30):
        member_services.member_update(user=alice, member=member_c1, work_unit=f"单位{i}")
    client.force_login(alice)
    response = client.get(history(member_c1))
    assert response.status_code == 200 and len(response.context["rows"]) == 25
    assert len(client.get(history(member_c1) + "?page=2").context["rows"]) == 6


def test_organisation_and_member_pages_link_to_their_history(client, member_c1, tree, alice, gina):
    member_page = reverse("organizations:member-detail", args=[member_c1.pk])
    client.force_login(alice)
    assert history(member_c1) in client.get(member_page).content.decode()
    assert history(tree.c1) in client.get(reverse("organizations:detail", args=[tree.c1.pk])).content.decode()
    client.force_login(gina)
    assert history(member_c1) not in client.get(member_page).content.decode()


def test_history_page_query_count_does_not_grow_with_the_entries(client, member_c1, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(history(member_c1)).status_code == 200
        return len(ctx)

    member_services.member_update(user=alice, member=member_c1, work_unit="甲")
    few = queries()
    for i in range(20):
        member_services.member_update(user=alice, member=member_c1, work_unit=f"单位{i}")
    assert queries() == few


def test_entries_stored_before_masking_are_masked_on_the_page(client, member_c1, dana):
    """Log entries written before the audit log masked personal fields hold them in full: the page
    masks them for every reader, a district administrator too."""
    from auditlog.models import LogEntry

    entry = LogEntry.objects.log_create(member_c1, action=LogEntry.Action.UPDATE, force_log=True, changes={
        "id_number": ["420106197501010011", member_c1.id_number], "phone": ["13900009999", "13800001111"],
        "birth_date": ["1975-01-01", "1980-05-17"],
    })
    assert "13900009999" in str(entry.changes)  # an old entry, stored in full
    client.force_login(dana)
    page = client.get(history(member_c1)).content.decode()
    for full in ("420106197501010011", member_c1.id_number, "13900009999", "13800001111", "1975-01-01", "1980-05-17"):
        assert full not in page
    assert mask_phone("13900009999") in page and "****-**-**" in page


def test_the_unscoped_audit_log_admin_is_gone_even_for_a_superuser(client, edited, dana):
    dana.is_staff = dana.is_superuser = True
    dana.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(dana)
    assert client.get("/admin/auditlog/logentry/").status_code == 404

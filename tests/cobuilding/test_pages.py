"""Co-building pages: lists, claim and confirm, secretary projects with the warning, reports."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cobuilding import services
from cobuilding.models import ListItem


@pytest.fixture
def project(tree, carol):
    return services.item_create(user=carol, organization=tree.c1, kind="project", title="楼道微改造")


def test_list_page_and_outsider_404(client, tree, carol, charlie, project, django_assert_num_queries):
    client.force_login(carol)
    # session, user, grants, count, the bell, page of entries, can-add check: 7 (a read opens no
    # transaction and writes no session: issue 9)
    with django_assert_num_queries(7):
        response = client.get(reverse("cobuilding:home"), {"kind": "project"})
    assert "楼道微改造" in response.content.decode()
    client.force_login(charlie)
    assert client.get(reverse("cobuilding:item-detail", args=[project.pk])).status_code == 404


def test_claim_and_confirm_on_the_page(client, tree, carol, project, hospital):
    client.force_login(carol)
    client.post(reverse("cobuilding:item-claim", args=[project.pk]),
                {"unit": hospital.pk, "commitment": "出资两万元", "version": project.version})
    project.refresh_from_db()
    assert project.status == "claimed"
    client.post(reverse("cobuilding:item-progress", args=[project.pk]), {"percent": 50, "note": "施工中"})
    client.post(reverse("cobuilding:item-confirm", args=[project.pk]), {"version": project.version})
    project.refresh_from_db()
    assert project.status == "completed" and project.progress.count() == 1


def test_create_entry_on_the_page(client, tree, carol):
    client.force_login(carol)
    response = client.post(reverse("cobuilding:item-create"), {"organization": tree.c1.pk, "kind": "need",
                                                                "title": "助老送餐"})
    assert response.status_code == 302 and ListItem.objects.get().kind == "need"


def test_secretary_page_warns_below_two(client, tree, alice):
    client.force_login(alice)
    response = client.get(reverse("cobuilding:secretary-list"))
    assert response.status_code == 200 and 'id="below-minimum"' in response.content.decode()


def test_report_pages(client, tree, alice, charlie, hospital):
    client.force_login(alice)
    response = client.post(reverse("cobuilding:report-create"), {"unit": hospital.pk, "year": 2025, "summary": "报告"})
    assert response.status_code == 302
    report = hospital.responsibility_reports.get()
    client.post(reverse("cobuilding:report-accept", args=[report.pk]), {"note": "", "version": report.version})
    report.refresh_from_db()
    assert report.status == "accepted"
    client.force_login(charlie)
    assert client.get(reverse("cobuilding:report-detail", args=[report.pk])).status_code == 404

"""Report pages: list (filters, pinned queries), filing, detail with steps, overdue list, inbox, stats."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import GridReport, Status

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client
    return login


@pytest.fixture
def many(report, gina, category, tree):
    for i in range(5):
        services.report_file(user=gina, grid=tree.grid1, category=category, description=f"路灯损坏 {i}")
    return GridReport.objects.all()


def test_list_query_count_does_not_grow_with_rows(many, alice, as_user, django_assert_num_queries):
    c = as_user(alice)
    # session, user, grants, count, category choices, department choices, the rows (grid, category and
    # department joined), the top bar's unread count and whether the user has a grid to report from
    # (the 网格吹哨 button): 9 whatever the number of rows (a read writes no session and opens no
    # transaction).
    with django_assert_num_queries(9):
        response = c.get(reverse("reports:list"))
    assert response.status_code == 200
    assert response.content.decode().count("路灯损坏") == 5


def test_list_filters_by_status_and_search(many, report, alice, station, as_user):
    services.report_dispatch(user=alice, report=report, department=station)
    c = as_user(alice)
    page = c.get(reverse("reports:list"), {"status": Status.DISPATCHED}).content.decode()
    assert report.number in page and "路灯损坏" not in page
    page = c.get(reverse("reports:list"), {"q": "路灯损坏 3"}).content.decode()
    assert "路灯损坏 3" in page and "路灯损坏 4" not in page


def test_empty_list_says_what_to_do(tree, alice, as_user):
    assert "No cases yet" in as_user(alice).get(reverse("reports:list")).content.decode()


def test_grid_worker_files_from_the_phone_form(gina, category, tree, as_user):
    c = as_user(gina)
    assert c.get(reverse("reports:create")).status_code == 200
    response = c.post(reverse("reports:create"), {
        "grid": tree.grid1.pk, "category": category.pk, "description": "井盖缺失", "location": "中华路口",
        "photos": [SimpleUploadedFile("p.png", PNG, content_type="image/png")],
    })
    report = GridReport.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:detail", args=[report.pk])
    assert report.photos.count() == 1
    assert c.get(reverse("reports:photo", args=[report.photos.get().pk])).status_code == 200


def test_bad_photo_keeps_the_typed_description(gina, category, tree, as_user):
    response = as_user(gina).post(reverse("reports:create"), {
        "grid": tree.grid1.pk, "category": category.pk, "description": "井盖缺失",
        "photos": [SimpleUploadedFile("p.jpg", b"not an image")],
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "not an accepted file" in body and "井盖缺失" in body
    assert not GridReport.objects.exists()


def test_detail_shows_timeline_and_the_users_steps(report, alice, as_user):
    body = as_user(alice).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert 'id="timeline"' in body
    assert reverse("reports:act", args=[report.pk, "dispatch"]) in body
    assert reverse("reports:act", args=[report.pk, "accept"]) not in body


def test_step_through_the_page(report, alice, station, as_user):
    c = as_user(alice)
    response = c.post(reverse("reports:act", args=[report.pk, "dispatch"]), {
        "dispatch-version": report.version, "dispatch-department": station.pk, "dispatch-comment": "请处置",
    })
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.DISPATCHED


def test_refused_step_shows_the_message_and_keeps_the_comment(report, alice, dave, carol, station, as_user):
    report = services.report_dispatch(user=alice, report=report, department=station)
    report = services.report_accept(user=dave, report=report)
    report = services.report_resolve(user=dave, report=report, comment="ok")
    response = as_user(alice).post(reverse("reports:act", args=[report.pk, "close"]), {
        "close-version": report.version, "close-outcome": "fixed", "close-comment": "我来结案",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "someone else must verify" in body and "我来结案" in body


def test_outsider_gets_404_on_detail_and_steps(report, charlie, as_user):
    c = as_user(charlie)
    assert c.get(reverse("reports:detail", args=[report.pk])).status_code == 404
    assert c.post(reverse("reports:act", args=[report.pk, "dispatch"]), {}).status_code == 404


def test_department_staff_get_404_on_cases_not_routed_to_them(report, dave, as_user):
    assert as_user(dave).get(reverse("reports:detail", args=[report.pk])).status_code == 404


def test_department_inbox_lists_routed_cases(report, alice, dave, station, as_user):
    services.report_dispatch(user=alice, report=report, department=station)
    c = as_user(dave)
    assert report.number in c.get(reverse("reports:inbox")).content.decode()
    assert c.get(reverse("reports:detail", args=[report.pk])).status_code == 200


def test_overdue_list_shows_flagged_cases(report, alice, as_user):
    GridReport.objects.filter(pk=report.pk).update(is_overdue=True)
    assert report.number in as_user(alice).get(reverse("reports:overdue")).content.decode()


def test_stats_page_states_the_closure_sentence(report, alice, as_user, tree):
    body = as_user(alice).get(reverse("reports:stats"), {"org": tree.s1.pk}).content.decode()
    assert 'id="stats-sentence"' in body and "0.0%" in body


def test_org_page_shows_the_report_panel(report, alice, as_user, tree):
    body = as_user(alice).get(reverse("organizations:detail", args=[tree.s1.pk])).content.decode()
    assert 'id="report-panel"' in body


def test_dispatch_form_offers_the_categorys_department_first(report, alice, station, district_dept, as_user):
    body = as_user(alice).get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert f'<option value="{station.pk}" selected>' in body
    assert f'<option value="{district_dept.pk}">' in body


def test_detail_page_query_count(report, alice, station, as_user, django_assert_num_queries):
    c = as_user(alice)
    # session, user, grants, the case (joined), its events and photos, the dispatch department choices,
    # and the top bar's unread count; the timeline rows add none.
    with django_assert_num_queries(8):
        assert c.get(reverse("reports:detail", args=[report.pk])).status_code == 200

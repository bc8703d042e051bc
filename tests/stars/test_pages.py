"""Pages of 五星联创: to-do lists per role, the application page and its steps, the public notice
and objections, the community page, the ledger and its export, the year settings."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from stars import services
from stars.models import StarApplication, StarObjection, Status
from tests import export_readback

from .bulk import communities_with_stars
from .factories import draft, in_notice, pdf, reviewed, star_year, submitted

pytestmark = pytest.mark.django_db

# Session, user, and the base template's own queries (notifications badge…), as the other apps count them.
# (A read opens no transaction and writes no session since issue 9: partybuild.middleware.)
REQUEST_OVERHEAD = 3


def test_each_role_sees_what_awaits_it(client, tree, carol, alice, dana, year2026):
    draft(carol, tree.c1, code="organisation")
    submitted(carol, tree.c1, code="liveable")
    reviewed(carol, alice, tree.c1, code="satisfaction")
    expected = {carol: "组织建设先锋星", alice: "宜居稳定幸福星", dana: "服务群众满意星"}
    for user, star in expected.items():
        client.force_login(user)
        todo = client.get(reverse("stars:home")).context["todo"]
        assert [a.definition.name for a in todo] == [star], user


def test_outsider_gets_404_on_an_application(client, tree, carol, charlie, year2026):
    app = submitted(carol, tree.c1)
    client.force_login(charlie)
    assert client.get(reverse("stars:application-detail", args=[app.pk])).status_code == 404
    assert client.post(reverse("stars:application-pass", args=[app.pk])).status_code == 404


def test_the_secretary_applies_with_evidence_and_the_street_passes_it(client, tree, carol, alice, year2026):
    client.force_login(carol)
    definition = year2026.definitions.get(code="organisation")
    response = client.post(reverse("stars:application-create"), {
        "community": tree.c1.pk, "definition": definition.pk, "evidence_text": "建立了网格党支部",
    })
    app = StarApplication.objects.get()
    assert response.status_code == 302
    client.post(reverse("stars:evidence-add", args=[app.pk]), {"file": pdf()})
    evidence = app.evidence.get()
    download = client.get(reverse("stars:evidence-download", args=[evidence.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    client.post(reverse("stars:application-submit", args=[app.pk]), {"comment": "", "version": app.version})
    client.force_login(alice)
    page = client.get(reverse("stars:application-detail", args=[app.pk])).content.decode()
    assert "审核通过" in page
    app.refresh_from_db()
    client.post(reverse("stars:application-pass", args=[app.pk]), {"comment": "同意", "version": app.version})
    app.refresh_from_db()
    assert app.status == Status.REVIEWED


def test_a_community_posting_a_review_step_is_refused(client, tree, carol, year2026):
    app = submitted(carol, tree.c1)
    client.force_login(carol)
    assert client.post(reverse("stars:application-pass", args=[app.pk]), {"comment": ""}).status_code == 403
    assert StarApplication.objects.get().status == Status.SUBMITTED


def test_send_back_without_reason_shows_the_message(client, tree, carol, alice, year2026):
    app = submitted(carol, tree.c1)
    client.force_login(alice)
    response = client.post(reverse("stars:application-send_back", args=[app.pk]), {"comment": ""}, follow=True)
    assert "请说明理由" in response.content.decode()
    assert StarApplication.objects.get().status == Status.SUBMITTED


def test_notice_page_is_readable_by_any_signed_in_user_at_a_fixed_query_count(
    client, tree, carol, alice, dana, charlie, year2026, django_assert_num_queries
):
    in_notice(carol, alice, dana, tree.c1)
    communities_with_stars(tree.s2, count=20, status=Status.NOTICE)
    client.force_login(charlie)
    # + grants (nav), count, rows (community, star, street name and open objections in one query)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        response = client.get(reverse("stars:notice"))
    page = response.content.decode()
    assert "西城壕社区党委" in page and "开展了党建活动" not in page  # no evidence on the board
    assert len(response.context["notices"]) == 41


def test_notice_page_costs_the_same_for_more_communities(client, tree, dana, year2026, django_assert_num_queries):
    communities_with_stars(tree.s2, count=60, status=Status.NOTICE, stars=5)
    client.force_login(dana)
    with django_assert_num_queries(REQUEST_OVERHEAD + 3):
        client.get(reverse("stars:notice"))


def test_an_objection_from_another_street_reaches_only_the_district(
    client, tree, carol, alice, dana, charlie, year2026
):
    app = in_notice(carol, alice, dana, tree.c1)
    client.force_login(charlie)
    client.post(reverse("stars:objection-create", args=[app.pk]), {"text": "照片是去年的"})
    objection = StarObjection.objects.get()
    assert StarApplication.objects.get().status == Status.OBJECTED
    client.force_login(carol)
    page = client.get(reverse("stars:application-detail", args=[app.pk])).content.decode()
    assert "Charlie" not in page and "照片是去年的" not in page
    client.force_login(alice)
    assert client.get(reverse("stars:objection-decide", args=[objection.pk])).status_code == 404
    client.force_login(dana)
    page = client.get(reverse("stars:application-detail", args=[app.pk])).content.decode()
    assert "Charlie" in page
    client.post(reverse("stars:objection-decide", args=[objection.pk]), {"decision": "dismiss", "reason": "不属实"})
    assert StarApplication.objects.get().status == Status.NOTICE


def test_objecting_to_a_case_not_in_notice_is_404(client, tree, carol, charlie, year2026):
    app = submitted(carol, tree.c1)
    client.force_login(charlie)
    assert client.post(reverse("stars:objection-create", args=[app.pk]), {"text": "x"}).status_code == 404


def test_community_page_shows_its_stars_award_and_history(client, tree, carol, alice, dana, year2026, clock):
    in_notice(carol, alice, dana, tree.c1)
    clock.shift(timedelta(days=6))
    services.notices_close_due()
    draft(carol, tree.c1, code="liveable")
    client.force_login(carol)
    response = client.get(reverse("stars:community", args=[tree.c1.pk]))
    page = response.content.decode()
    assert [a.definition.code for a in response.context["held"]] == ["organisation"]
    assert "20000" in page and "宜居稳定幸福星" in page
    assert response.context["history"][0][0] == 2026


def test_community_page_outsider_404(client, tree, charlie, year2026):
    client.force_login(charlie)
    assert client.get(reverse("stars:community", args=[tree.c1.pk])).status_code == 404


def test_ledger_and_its_export_list_awards_like_a_notice_list(client, tree, dana, year2026):
    communities_with_stars(tree.s1, count=3, stars=2)
    client.force_login(dana)
    response = client.get(reverse("stars:ledger"), {"root": tree.district.code, "year": 2026})
    assert response.context["total"] == 120000
    export = client.get(reverse("stars:ledger-export"), {"root": tree.district.code, "year": 2026})
    ws = export_readback.assert_formatted(export, sheet="五星联创奖励名单", title="武昌区委 2026年 五星联创奖励名单",
                                          file_start="五星联创奖励名单-武昌区委-2026年-")
    assert ws.cell(row=6, column=1).value == "合计"
    # Headers in the portal's language (the project catalogue spells the amount column).
    assert [c.value for c in ws[2]] == ["序号", "街道", "社区", "星级", "星数", gettext("Amount (yuan)")]
    assert [c.value for c in ws[3]] == [1, "中华路街道党工委", "X社区0", "组织建设先锋星、共建共治融合星", 2, 40000]
    assert ws.cell(row=6, column=6).value == 120000


def test_ledger_of_a_street_not_in_scope_is_refused(client, tree, alice, year2026):
    client.force_login(alice)
    assert client.get(reverse("stars:ledger"), {"root": tree.s2.code}).status_code == 404


def test_district_starts_a_year_and_edits_a_star(client, dana, alice, year2026):
    client.force_login(dana)
    client.post(reverse("stars:years"), {"year": 2027})
    response = client.get(reverse("stars:years"))
    assert response.context["years"][0].year == 2027
    assert "每颗星最多授予社区数" in response.content.decode()
    year = response.context["years"][0]
    client.post(reverse("stars:year-edit", args=[year.pk]), {
        "notice_days": 7, "max_per_star": 10, "max_full_share": 10, "promotion_limit": "on", "version": year.version,
        "quota_5": 10, "quota_4": 25,
    })
    year.refresh_from_db()
    assert (year.notice_days, year.max_per_star, year.promotion_limit) == (7, 10, True)
    assert year.count_quotas == {"5": 10, "4": 25}
    assert "4 星及以上：最多 25%" in client.get(reverse("stars:years")).content.decode()
    client.force_login(alice)
    assert client.post(reverse("stars:years"), {"year": 2028}).status_code == 403
    definition = year2026.definitions.first()
    assert client.get(reverse("stars:definition-edit", args=[definition.pk])).status_code == 403


def test_application_list_filters_by_status(client, tree, carol, alice, year2026):
    draft(carol, tree.c1, code="organisation")
    submitted(carol, tree.c1, code="liveable")
    client.force_login(alice)
    response = client.get(reverse("stars:application-list"), {"status": "submitted", "year": "2026"})
    assert [a.definition.code for a in response.context["applications"]] == ["liveable"]


def test_new_year_page_needs_a_year(client, carol, dana):
    star_year(dana, 2026)
    client.force_login(carol)
    assert client.get(reverse("stars:application-create")).status_code == 200


@pytest.mark.parametrize("communities", [2, 30])
def test_ledger_page_costs_the_same_for_more_communities(client, tree, dana, year2026, communities,
                                                        django_assert_num_queries):
    communities_with_stars(tree.s1, count=communities, stars=2)
    client.force_login(dana)
    # + grants, root lookup, current year, awarded rows with street names, three statistics (per star,
    # definitions, per community), the scopes and the years to choose from
    with django_assert_num_queries(REQUEST_OVERHEAD + 9):
        response = client.get(reverse("stars:ledger"), {"root": tree.district.code, "year": 2026})
    assert len(response.context["rows"]) == communities


def test_the_change_history_does_not_name_the_objector(client, tree, carol, alice, dana, charlie, year2026):
    from auditlog.models import LogEntry

    app = in_notice(carol, alice, dana, tree.c1)
    client.force_login(charlie)
    client.post(reverse("stars:objection-create", args=[app.pk]), {"text": "照片是去年的"})
    entries = LogEntry.objects.filter(content_type__app_label="stars")
    assert entries.filter(changes__icontains="objected").exists()
    assert not entries.filter(actor=charlie).exists()
    assert not entries.filter(changes__icontains="lodged_by").exists()
    client.force_login(carol)
    history = client.get(reverse("audit:history", args=["stars", "starapplication", app.pk]))
    assert history.status_code == 200 and "Charlie" not in history.content.decode()

"""In-service members' duties (在职党员三定一考) and the conduct letter (党员社会表现信息报告): the
service done is read from residents' orders and volunteer credits; the assessment comes at year end;
the letter copies the figures once and is printed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from cadres import selectors, services
from cadres.models import ConductLetter, InServiceDuty
from tests.organizations.factories import MemberFactory
from volunteers.models import PointsEntry, ServiceOrder, Volunteer

pytestmark = pytest.mark.django_db

DUTY = {"post": "楼栋信息员", "schedule": "每月第二个周六上午", "hours_pledged": Decimal(24), "task": "收集居民诉求"}


def in_service(tree, name="在职甲", community=None, branch=None):
    """A member of a branch in the other street, registered where they live (C1)."""
    return MemberFactory(name=name, branch=branch or tree.g3, is_in_service=True, work_unit="区财政局",
                         registered_community=community or tree.c1, registered_on=dt.date(2024, 3, 1))


def at(year, month=5, day=10):
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


def served(member, community, when, status="done", hours=Decimal(2)):
    return ServiceOrder.objects.create(community=community, phone="13800000000", category="repairs", need="修水管",
                                       status=status, assigned_member=member, placed_at=when, done_at=when,
                                       hours=hours)


def credit(member, community, when, hours):
    volunteer, _ = Volunteer.objects.get_or_create(community=community, member=member, defaults={"name": member.name})
    order = ServiceOrder.objects.create(community=community, phone="13800000001", category="errands", need="代购",
                                        status="rated", placed_at=when, done_at=when)
    PointsEntry.objects.create(volunteer=volunteer, kind="credit", points=10, hours=hours, reason="服务",
                               order=order, created_at=when)
    return order


def test_the_service_done_counts_the_years_orders_and_credits_at_that_community(carol, tree):
    member = in_service(tree)
    duty = services.duty_create(user=carol, member=member, year=2026, **DUTY)
    served(member, tree.c1, at(2026))                      # counts
    served(member, tree.c1, at(2026), status="taken")      # not served yet
    served(member, tree.c1, at(2025))                      # another year
    served(member, tree.c2, at(2026))                      # another community
    credit(member, tree.c1, at(2026), Decimal("3.5"))      # a team order credited to them: counts
    credit(member, tree.c1, at(2025), Decimal(4))          # another year
    assert selectors.duty_service(duty=duty) == {"orders": 2, "hours": Decimal("3.5")}
    row = selectors.duty_list(user=carol).get(pk=duty.pk)
    assert (row.orders, row.hours) == (2, Decimal("3.5"))


def test_duties_only_for_an_in_service_member_registered_in_ones_area(carol, charlie, tree, member_c1):
    with pytest.raises(ValidationError):
        services.duty_create(user=carol, member=member_c1, year=2026, **DUTY)
    with pytest.raises(PermissionDenied):
        services.duty_create(user=charlie, member=in_service(tree), year=2026, **DUTY)


def test_one_duty_per_member_and_year(carol, tree):
    member = in_service(tree)
    services.duty_create(user=carol, member=member, year=2026, **DUTY)
    with pytest.raises(ValidationError):
        services.duty_create(user=carol, member=member, year=2026, **DUTY)
    assert services.duty_create(user=carol, member=member, year=2025, **DUTY).year == 2025


def test_the_assessment_waits_for_the_years_last_quarter(carol, tree):
    duty = services.duty_create(user=carol, member=in_service(tree), year=2026, **DUTY)
    with pytest.raises(ValidationError):
        services.duty_assess(user=carol, duty=duty, grade="excellent", on=dt.date(2026, 6, 1))
    services.duty_assess(user=carol, duty=duty, grade="excellent", on=dt.date(2026, 10, 1))
    duty.refresh_from_db()
    assert (duty.grade, duty.assessed_on) == ("excellent", dt.date(2026, 10, 1))


def test_the_letter_needs_an_assessment_then_keeps_its_figures_and_freezes_the_grade(carol, tree):
    member = in_service(tree)
    duty = services.duty_create(user=carol, member=member, year=2025, **DUTY)
    served(member, tree.c1, at(2025))
    with pytest.raises(ValidationError):
        services.letter_issue(user=carol, duty=duty, conduct="表现良好", on=dt.date(2026, 1, 5))
    services.duty_assess(user=carol, duty=duty, grade="competent", on=dt.date(2025, 12, 20))
    letter = services.letter_issue(user=carol, duty=duty, conduct="表现良好", on=dt.date(2026, 1, 5))
    assert (letter.recipient, letter.orders_served, letter.grade) == ("区财政局", 1, "competent")
    served(member, tree.c1, at(2025, 11))
    letter.refresh_from_db()
    assert letter.orders_served == 1
    with pytest.raises(ValidationError):
        services.duty_assess(user=carol, duty=duty, grade="excellent", on=dt.date(2026, 1, 6))
    with pytest.raises(ValidationError):
        services.letter_issue(user=carol, duty=duty, conduct="再发一次", on=dt.date(2026, 1, 7))
    with pytest.raises(ValidationError):
        services.duty_update(user=carol, duty=duty, task="改写任务")
    assert ConductLetter.objects.count() == 1


def test_the_pages_assign_assess_and_print_the_letter(client, carol, tree):
    member = in_service(tree, name="在职乙")
    client.force_login(carol)
    response = client.post(reverse("cadres:duty-create"), {"member": member.pk, "year": 2025, **DUTY})
    assert response.status_code == 302
    duty = InServiceDuty.objects.get()
    assert duty.community == tree.c1
    client.post(reverse("cadres:duty-assess", args=[duty.pk]), {"grade": "excellent", "version": duty.version})
    duty.refresh_from_db()
    assert duty.grade == "excellent"
    response = client.post(reverse("cadres:letter-issue", args=[duty.pk]), {"conduct": "热心服务，群众满意"})
    letter = ConductLetter.objects.get()
    assert response.url == reverse("cadres:letter", args=[letter.pk])
    page = client.get(response.url).content.decode()
    assert all(text in page for text in ("在职乙", "区财政局", letter.number, "热心服务，群众满意", tree.c1.name))
    assert "在职乙" in client.get(reverse("cadres:duty-list") + "?year=2025").content.decode()


def test_outsiders_get_404_on_duties_and_letters(client, carol, charlie, tree):
    duty = services.duty_create(user=carol, member=in_service(tree), year=2025, **DUTY)
    services.duty_assess(user=carol, duty=duty, grade="competent", on=dt.date(2025, 12, 1))
    letter = services.letter_issue(user=carol, duty=duty, conduct="良好", on=dt.date(2026, 1, 5))
    client.force_login(charlie)
    for url in (reverse("cadres:duty-detail", args=[duty.pk]), reverse("cadres:letter", args=[letter.pk])):
        assert client.get(url).status_code == 404


def test_the_member_picker_offers_members_registered_here_whatever_their_branch(client, carol, tree):
    in_service(tree, name="王在职")
    in_service(tree, name="王别处", community=tree.c3)
    client.force_login(carol)
    found = [r["text"] for r in client.get(reverse("pick", args=["in_service_member"]), {"q": "王"}).json()["results"]]
    assert any("王在职" in t for t in found) and not any("王别处" in t for t in found)


def test_the_api_refuses_a_member_registered_elsewhere(carol, tree):
    api = APIClient()
    api.force_authenticate(carol)
    payload = {**DUTY, "hours_pledged": "24", "year": 2026}
    assert api.post("/api/v1/in-service-duties/", {**payload, "member": in_service(tree, community=tree.c3).pk},
                    format="json").status_code == 400
    response = api.post("/api/v1/in-service-duties/", {**payload, "member": in_service(tree, name="丙").pk},
                        format="json")
    assert response.status_code == 201 and response.json()["orders"] == 0


def test_the_duty_list_costs_the_same_queries_for_more_duties(client, carol, tree, django_assert_max_num_queries):
    client.force_login(carol)
    services.duty_create(user=carol, member=in_service(tree, name="首位"), year=2026, **DUTY)
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("cadres:duty-list"))
    for i in range(6):
        member = in_service(tree, name=f"在职{i}")
        services.duty_create(user=carol, member=member, year=2026, **DUTY)
        served(member, tree.c1, at(2026))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("cadres:duty-list")).content.decode()
    assert page.count("在职") >= 6

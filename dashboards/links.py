"""Where each figure leads: the filtered list behind it, with the list's own filter parameters
(``reports.filters.ReportFilter``, ``services.filters.DemandFilter``/``VisitFilter``,
``volunteers.filters.OrderFilter``, ``estates.filters.ComplaintFilter``/``UnitFilter``,
``meetings.filters.MeetingFilter``/``AgendaItemFilter``, the 三会一课 compliance form), narrowed to
the dashboard's root by ``subtree=<code>``. Joint-meeting items open the agenda-item list with the
dates ``meetings.selectors.meeting_stats`` counts them by: items raised and escalated by the meeting
that first heard them, carried over by a meeting they were carried to, this year up to today."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from organizations.models import Organization


def url_with(name: str, args=None, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name, args=args) + (f"?{query}" if query else "")


def links(root: Organization, today: date) -> dict[str, str]:
    code, year = root.code, today.year
    year_start, month_start = date(year, 1, 1).isoformat(), today.replace(day=1).isoformat()
    quarter = (today.month - 1) // 3 + 1  # orglife.selectors.current_quarter, which the figure counts
    return {
        "organization": reverse("organizations:detail", args=[root.pk]),
        "coverage": reverse("organizations:coverage", args=[root.pk]),
        "reports_open": url_with("reports:list", subtree=code, open="true"),
        "reports_overdue": url_with("reports:list", subtree=code, overdue="true"),
        "reports_year": url_with("reports:list", subtree=code, start=year_start),
        "reports_year_closed": url_with("reports:list", subtree=code, start=year_start, status="closed"),
        "reports_month": url_with("reports:list", subtree=code, start=month_start),
        "report_stats": reverse("reports:stats"),
        "visits_month": url_with("services:visit-list", subtree=code, start=month_start),
        "visits_year": url_with("services:visit-list", subtree=code, year=year),
        "pledges": url_with("services:pledge-list", subtree=code, year=year),
        "needy": url_with("services:needy-list", subtree=code, is_active="true"),
        "demands": url_with("services:demand-list", subtree=code, year=year),
        "demands_closed": url_with("services:demand-list", subtree=code, year=year, status="closed"),
        "orders": url_with("volunteers:order-list", subtree=code, placed_after=year_start),
        "orders_done": url_with("volunteers:order-list", subtree=code, placed_after=year_start, status="done"),
        "leaderboard": reverse("volunteers:leaderboard"),
        "stars": url_with("stars:ledger", root=code, year=year),
        "complaints": url_with("estates:complaint-list", subtree=code, filed_after=year_start),
        "complaints_open": url_with("estates:complaint-list", subtree=code, open="true"),
        "complaints_overdue": url_with("estates:complaint-list", subtree=code, answer_overdue="true"),
        "property": url_with("estates:unit-list", subtree=code),
        "meetings": url_with("meetings:meeting-list", subtree=code, status="closed", held_after=year_start,
                             held_before=today.isoformat()),
        "meeting_stats": url_with("meetings:stats", subtree=code, since=year_start, until=today.isoformat()),
        "items_raised": url_with("meetings:item-list", subtree=code, raised_after=year_start,
                                 raised_before=today.isoformat()),
        "items_escalated": url_with("meetings:item-list", subtree=code, raised_after=year_start,
                                    raised_before=today.isoformat(), escalated="true"),
        "items_carried": url_with("meetings:item-list", subtree=code, carried_after=year_start,
                                  carried_before=today.isoformat()),
        "compliance": url_with("orglife:compliance", subtree=code, year=year, quarter=quarter),
        "compliance_short": url_with("orglife:compliance", subtree=code, year=year, quarter=quarter,
                                     short_only="on"),
        "assessments": reverse("assessments:home"),
        "compare": url_with("dashboards:compare", org=root.pk),
    }


def report_link(root: Organization, today: date, **params) -> str:
    """Reports of this year under ``root`` narrowed further (a category, a department, a status)."""
    return url_with("reports:list", subtree=root.code, start=date(today.year, 1, 1).isoformat(), **params)


def month_link(name: str, root: Organization, start: date, end: date) -> str:
    """The list of one trend series for one month (the closed series lists the month's filed cases
    that are closed: the report list filters by filing date only)."""
    span = {"start": start.isoformat(), "end": end.isoformat()}
    if name == "reported":
        return url_with("reports:list", subtree=root.code, **span)
    if name == "closed":
        return url_with("reports:list", subtree=root.code, status="closed", **span)
    if name == "demands":
        return url_with("services:demand-list", subtree=root.code, **span)
    if name == "visits":
        return url_with("services:visit-list", subtree=root.code, **span)
    return url_with("volunteers:order-list", subtree=root.code, placed_after=span["start"], placed_before=span["end"])


TREND_SERIES = ("reported", "closed", "demands", "visits", "orders")


def trend_labels() -> dict[str, str]:
    return {
        "reported": _("Reports filed"), "closed": _("Reports closed"), "demands": _("Residents' demands"),
        "visits": _("Household visits"), "orders": _("Volunteer orders"),
    }


def charts(root: Organization, figures: dict) -> dict:
    """The data each chart of the page draws (passed to static/dashboards/dashboard.js through
    ``json_script``): labels, values and the link of every segment."""
    today, trends, reports = figures["today"], figures["trends"], figures["reports"]
    labels = trend_labels()
    return {
        "trend": {
            "months": [label for label, _start, _end in trends["months"]],
            "series": [
                {"name": labels[name], "data": [
                    {"value": value, "url": month_link(name, root, start, end)}
                    for value, (_label, start, end) in zip(trends[name], trends["months"], strict=True)
                ]}
                for name in TREND_SERIES
            ],
        },
        "categories": [
            {"name": row["name"], "value": row["reported"],
             "url": report_link(root, today, category=row["id"]) if row["id"] else ""}
            for row in reports["by_category"]
        ],
        "departments": [
            {"name": row["name"], "value": row["reported"],
             "url": report_link(root, today, department=row["id"]) if row["id"] else ""}
            for row in reports["by_department"]
        ],
        "closure": [
            {"name": _("Closed"), "value": reports["year"]["closed"],
             "url": report_link(root, today, status="closed")},
            {"name": _("Not closed"), "value": reports["year"]["reported"] - reports["year"]["closed"],
             "url": report_link(root, today, open="true")},
        ],
    }

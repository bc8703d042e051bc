"""Grid reports in the shapes of Open311 GeoReport v2."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from ..models import GridReport, ReportCategory, Status


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def service_json(category: ReportCategory) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def request_json(report: GridReport, request) -> dict:
    """One service request; ``events`` and ``photos`` come prefetched (no query per row)."""
    events = list(report.events.all())
    notes = next((e.comment for e in reversed(events) if e.comment), "")
    photos = list(report.photos.all())
    return {
        "service_request_id": str(report.pk),
        "status": "closed" if report.status == Status.CLOSED else "open",
        "status_notes": notes,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.department.name if report.department else "",
        "service_notice": "",
        "requested_datetime": _when(report.reported_at),
        "updated_datetime": _when(report.updated_at),
        "expected_datetime": _when(report.due_at),
        "address": report.location,
        "address_id": report.grid.code,
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": request.build_absolute_uri(reverse("reports:photo", args=[photos[0].pk])) if photos else "",
    }

"""Builders of star rows for tests: years through the service, applications moved along the flow."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from stars import services
from stars.models import StarApplication, StarDefinition, StarYear

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def star_year(admin, year: int = 2026, **kwargs) -> StarYear:
    return services.star_year_start(user=admin, year=year, **kwargs)


def definition(year: int = 2026, code: str = "organisation") -> StarDefinition:
    return StarDefinition.objects.get(star_year__year=year, code=code)


def draft(secretary, community, *, code: str = "organisation", year: int = 2026) -> StarApplication:
    return services.application_create(
        user=secretary, community=community, definition=definition(year, code), evidence_text="开展了党建活动",
    )


def submitted(secretary, community, **kwargs) -> StarApplication:
    return services.application_submit(user=secretary, application=draft(secretary, community, **kwargs))


def reviewed(secretary, street, community, **kwargs) -> StarApplication:
    return services.application_pass(user=street, application=submitted(secretary, community, **kwargs))


def in_notice(secretary, street, admin, community, **kwargs) -> StarApplication:
    return services.application_approve(user=admin, application=reviewed(secretary, street, community, **kwargs))

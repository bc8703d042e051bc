"""One S1-owned row of every scoped model of the stars app, for tests/test_scope_matrix.py."""

from __future__ import annotations

from django.utils import timezone

from stars.models import StarApplication, StarDefinition, StarEvidence, StarObjection, StarStep, StarYear


def plant(*, pk, owner, org, marker, tree) -> None:
    # Applications belong to a community: C1, the community above the planted grid. It is awaiting
    # the street (not in public notice), so only C1's own area may see it.
    now = timezone.now()
    # Years and definitions are the district's, readable by everyone: not planted under the pk.
    star_year = StarYear.objects.create(year=2099)
    definition = StarDefinition.objects.create(star_year=star_year, code="planted", name="种植星")
    app = StarApplication.objects.create(
        pk=pk, community=tree.c1, definition=definition, year=2099, status="submitted", evidence_text=marker,
        reason=marker, created_by=owner, submitted_at=now,
    )
    StarStep.objects.create(pk=pk, application=app, from_status="draft", status="submitted", actor=owner, at=now,
                            comment=marker)
    StarEvidence.objects.create(pk=pk, application=app, file="stars/evidence/planted.pdf",
                                content_type="application/pdf", original_name=f"{marker}.pdf", uploaded_by=owner)
    StarObjection.objects.create(pk=pk, application=app, lodged_by=owner, lodged_at=now, text=marker)

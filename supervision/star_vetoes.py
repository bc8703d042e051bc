"""一票否决 for star ratings: a community under 软弱涣散 rectification when the district decides."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stars.vetoes import Hit, Record, register

from .selectors import open_rectifications


@register("weak_organisation", gettext_lazy("Open 软弱涣散 rectification"))
def weak_organisation(communities, star_year) -> dict[int, Hit]:
    if not star_year.veto_weak_organisation or not communities:
        return {}
    open_now = open_rectifications([c.pk for c in communities], on=timezone.localdate())
    return {
        org_id: Hit(
            "weak_organisation", str(_("Open 软弱涣散 rectification")),
            _("Listed for rectification in %(year)s and not closed.") % {"year": rect.year},
            (Record(str(rect), reverse("supervision:rectification-detail", args=[rect.pk])),),
        )
        for org_id, rect in open_now.items()
    }

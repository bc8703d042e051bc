"""一票否决 for star ratings: a community one of whose units is managed by a property company on the
black list, when the district decides."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stars.vetoes import Hit, Record, register

from .models import ListEntry, ServiceUnit
from .selectors import listed_q


@register("blacklisted_property", gettext_lazy("Property company on the black list"))
def blacklisted_property(communities, star_year) -> dict[int, Hit]:
    if not star_year.veto_blacklisted_property or not communities:
        return {}
    listed = ListEntry.objects.filter(listed_q(on=timezone.localdate()), kind="black").values("company_id")
    rows = (ServiceUnit.objects.filter(community_id__in=[c.pk for c in communities], company_id__in=listed)
            .values_list("community_id", "company_id", "company__name").distinct().order_by("company__name"))
    records: dict[int, list[Record]] = {}
    for community_id, company_id, name in rows:
        records.setdefault(community_id, []).append(
            Record(name, reverse("estates:company-detail", args=[company_id]))
        )
    return {
        community_id: Hit(
            "blacklisted_property", str(_("Property company on the black list")),
            _("%(n)s property company(ies) serving the community are on the black list.") % {"n": len(found)},
            tuple(found),
        )
        for community_id, found in records.items()
    }

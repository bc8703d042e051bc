"""The rules a district switches on per year, checked before it approves a star: quotas,
vetoes (一票否决, ``stars.vetoes``) and step-by-step promotion (逐级晋升).

One :class:`Tally` holds the year's approved stars (in notice, paused or awarded) and answers
"what would stop this application?". The approval checks one application against it; the
preview runs every application awaiting the district through it, in the order they were
submitted, and shows who would fall outside. A fixed number of queries either way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from organizations.models import Level, Organization, OrgStatus

from . import vetoes
from .models import StarApplication, StarYear, Status

# Approved by the district and not taken back: these use up a quota and count as held.
APPROVED = (Status.NOTICE, Status.OBJECTED, Status.AWARDED)


@dataclass
class Tally:
    star_year: StarYear
    definitions: int
    communities: int
    per_star: Counter = field(default_factory=Counter)
    per_community: Counter = field(default_factory=Counter)
    last_year: Counter = field(default_factory=Counter)
    hits: dict = field(default_factory=dict)

    @classmethod
    def of(cls, star_year: StarYear, *, veto_communities=()) -> Tally:
        approved = StarApplication.objects.filter(year=star_year.year, status__in=APPROVED).order_by()
        tally = cls(
            star_year=star_year, definitions=star_year.definitions.count(),
            communities=Organization.objects.filter(level=Level.COMMUNITY, status=OrgStatus.ACTIVE).count(),
        )
        for definition_id, community_id, n in approved.values_list("definition_id", "community_id").annotate(
            n=Count("pk")
        ):
            tally.per_star[definition_id] += n
            tally.per_community[community_id] += n
        if star_year.promotion_limit:
            tally.last_year.update(dict(
                StarApplication.objects.filter(year=star_year.year - 1, status=Status.AWARDED).order_by()
                .values_list("community_id").annotate(n=Count("pk"))
            ))
        tally.hits = vetoes.hits(veto_communities, star_year)
        return tally

    def full_communities(self) -> int:
        return sum(1 for n in self.per_community.values() if n >= self.definitions)

    def problems(self, app: StarApplication, *, exceptional_reason: str = "") -> list[str]:
        """Why ``app`` may not be approved now; empty when nothing stops it."""
        year, found = self.star_year, []
        if year.max_per_star is not None and self.per_star[app.definition_id] >= year.max_per_star:
            found.append(_("Quota: %(star)s has already been approved for %(n)s communities, the year's maximum.")
                         % {"star": app.definition.name, "n": year.max_per_star})
        after = self.per_community[app.community_id] + 1
        if year.max_full_share is not None and self.definitions and after >= self.definitions:
            allowed = year.max_full_share * self.communities // 100
            if self.full_communities() + 1 > allowed:
                found.append(_("Quota: at most %(share)s%% of communities (%(allowed)s of %(total)s) may hold every "
                               "star, and %(full)s already do.")
                             % {"share": year.max_full_share, "allowed": allowed, "total": self.communities,
                                "full": self.full_communities()})
        before_count = self.per_community[app.community_id]
        for stars, share in year.quotas():
            if before_count < stars <= after:
                allowed = share * self.communities // 100
                holding = sum(1 for n in self.per_community.values() if n >= stars)
                if holding + 1 > allowed:
                    found.append(_("Quota: at most %(share)s%% of communities (%(allowed)s of %(total)s) may hold "
                                   "%(stars)s stars or more, and %(holding)s already do.")
                                 % {"share": share, "allowed": allowed, "total": self.communities,
                                    "stars": stars, "holding": holding})
        if year.promotion_limit and not exceptional_reason.strip():
            before = self.last_year[app.community_id]
            if after > before + 1:
                found.append(_("Step-by-step promotion: %(community)s held %(before)s stars last year and would hold "
                               "%(after)s; record an exceptional reason (破格) to approve.")
                             % {"community": app.community.name, "before": before, "after": after})
        for hit in self.hits.get(app.community_id, []):
            found.append(_("Veto (一票否决) %(rule)s: %(detail)s") % {"rule": hit.label, "detail": hit.detail})
        return found

    def admit(self, app: StarApplication) -> None:
        self.per_star[app.definition_id] += 1
        self.per_community[app.community_id] += 1


def approval_problems(app: StarApplication, *, exceptional_reason: str = "") -> list[str]:
    tally = Tally.of(app.definition.star_year, veto_communities=[app.community])
    return tally.problems(app, exceptional_reason=exceptional_reason)


def veto_hits(app: StarApplication) -> list[vetoes.Hit]:
    """The vetoes that fire for the application's community, with the records behind them."""
    return vetoes.hits([app.community], app.definition.star_year).get(app.community_id, [])


@dataclass(frozen=True)
class PreviewRow:
    application: StarApplication
    problems: list[str]


def quota_preview(*, star_year: StarYear, applications) -> list[PreviewRow]:
    """Every application awaiting the district, as if approved one by one in the order submitted:
    who would fall outside the year's rules and why."""
    apps = list(applications)
    tally = Tally.of(star_year, veto_communities={a.community_id: a.community for a in apps}.values())
    rows = []
    for app in sorted(apps, key=lambda a: (a.submitted_at is None, a.submitted_at, a.pk)):
        problems = tally.problems(app, exceptional_reason=app.exceptional_reason)
        if not problems:
            tally.admit(app)
        rows.append(PreviewRow(app, problems))
    return rows

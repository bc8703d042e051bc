"""FilterSets shared by the web lists, the API and the exports, so "the current filters" mean
the same thing everywhere. They narrow an already scoped queryset; they never widen it."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partybuild.filters import StrictBooleanFilter
from partybuild.personal_search import personal_search

from . import paths
from .models import Education, Gender, Level, Member, MemberCategory, MemberStatus, Organization, OrgStatus, OrgType


class SubtreeFilter(django_filters.CharFilter):
    """``?subtree=<org code>``: rows whose organisation lies in that organisation's subtree.

    The code is resolved inside the queryset's own scope (a join on the path prefix),
    so naming an organisation outside one's scope yields nothing rather than leaking."""

    def __init__(self, *args, org_field: str = "", **kwargs):
        self.org_field = org_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        root = Organization.objects.filter(code=value.strip()).values_list("path", flat=True).first()
        if root is None:
            return qs.none()
        return qs.filter(paths.subtree_q(root, field=self.org_field))


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or code"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    org_type = django_filters.ChoiceFilter(choices=OrgType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=OrgStatus.choices, label=_("Status"))
    subtree = SubtreeFilter(label=_("Within organisation (code)"))
    parent = django_filters.CharFilter(method="children_of", label=_("Children of (code)"))

    class Meta:
        model = Organization
        fields = ["q", "level", "org_type", "status", "subtree", "parent"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code__istartswith=value)) if value else qs

    def children_of(self, qs, name, value):
        parent = Organization.objects.filter(code=value.strip()).values_list("path", "depth").first()
        if parent is None:
            return qs.none()
        return qs.filter(paths.subtree_q(parent[0]), depth=parent[1] + 1)


class MemberFilter(django_filters.FilterSet):
    """Members by name, whole phone or (for roles that may reveal, recorded) whole ID card number.

    Pass ``request``: an ID number search records who asked. ``notices`` holds what the page says
    about the search (refused, recorded, numbers only in full)."""

    q = django_filters.CharFilter(method="search", label=_("Name, whole phone or ID card number"))
    subtree = SubtreeFilter(org_field="branch", label=_("Within organisation (code)"))
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=MemberCategory.choices, label=_("Category"))
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label=_("Gender"))
    education = django_filters.ChoiceFilter(choices=Education.choices, label=_("Education"))
    is_in_service = StrictBooleanFilter(label=_("In-service member"))
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte", label=_("Joined from"))
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte", label=_("Joined until"))

    class Meta:
        model = Member
        fields = ["q", "subtree", "status", "category", "gender", "education", "is_in_service"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices: list = []

    def search(self, qs, name, value):
        return personal_search(qs, value, text_fields=("name",), phone_fields=("phone",), id_field="id_number",
                               request=self.request, notices=self.notices)

"""django-import-export resources: the exports of organisations and members.

Exports write the portal's file format (``file_format``: the column titles the importer reads,
in Chinese when the interface is Chinese) from an already scoped queryset, through
``SafeExportResource`` so no text becomes a spreadsheet formula. Imports are not done here:
the admin's Import button leads to the import page, where every file is size-checked,
validated as a whole and, when large, run as a background job (the ``imports`` app).
"""

from __future__ import annotations

from django.utils import timezone, translation
from import_export import fields

from organizations.file_format import (
    CATEGORY_CHINESE,
    COLUMNS,
    EDUCATION_CHINESE,
    GENDER_CHINESE,
    LEVEL_CHINESE,
    MEMBERS,
    ORGS,
    TYPE_CHINESE,
)
from organizations.models import Member, Organization, OrgType
from organizations.selectors import with_member_relations, with_parent_code
from partybuild.exports import SafeExportResource
from partybuild.personal import age_on, masked

# Export-only columns: the importer ignores them.
EXTRA_CHINESE = {"status": "状态", "secretary": "书记", "branch_name": "所在组织", "age": "年龄"}


def _chinese() -> bool:
    return (translation.get_language() or "zh-hans").lower().startswith("zh")


class PortalResource(SafeExportResource):
    """Shared behaviour: language-dependent headers, the acting user for masking."""

    kind = ""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def get_export_headers(self, selected_fields=None):
        chinese = {c.field: c.chinese for c in COLUMNS[self.kind]} | EXTRA_CHINESE
        names = [self.get_field_name(f) for f in self.get_export_fields(selected_fields)]
        return [chinese.get(n, n) if _chinese() else n for n in names]


class OrganizationResource(PortalResource):
    kind = ORGS
    level = fields.Field(attribute="level")
    org_type = fields.Field(attribute="org_type")
    parent_code = fields.Field()
    status = fields.Field(attribute="status")
    secretary = fields.Field()

    class Meta:
        model = Organization
        fields = ("code", "name", "level", "org_type", "parent_code", "phone", "address", "established_on",
                  "end_date", "status", "secretary")
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return with_parent_code(queryset)

    def dehydrate_level(self, org):
        if org.level == "special" and _chinese():
            return TYPE_CHINESE[org.org_type]  # 小区党支部 etc. name the level and the type at once
        return LEVEL_CHINESE[org.level] if _chinese() else org.level

    def dehydrate_org_type(self, org):
        if org.org_type == OrgType.STANDARD:
            return ""
        return TYPE_CHINESE[org.org_type] if _chinese() else org.org_type

    def dehydrate_parent_code(self, org):
        if hasattr(org, "parent_code"):
            return org.parent_code or ""
        parent = Organization.objects.get_parent(org)  # only for querysets that skipped filter_export
        return parent.code if parent else ""

    def dehydrate_status(self, org):
        return str(org.get_status_display()) if _chinese() else org.status

    def dehydrate_secretary(self, org):
        return org.secretary.name if org.secretary_id else ""


class MemberResource(PortalResource):
    """Personal fields (ID number, phone, birth date) are masked, the age shown instead, unless
    ``show_personal``: set only by ``audit.exports`` once the export is recorded as a bulk reveal."""

    kind = MEMBERS
    gender = fields.Field(attribute="gender")
    education = fields.Field(attribute="education")
    category = fields.Field(attribute="category")
    branch_code = fields.Field(attribute="branch__code")
    branch_name = fields.Field(attribute="branch__name")
    is_in_service = fields.Field(attribute="is_in_service")
    registered_community_code = fields.Field()
    birth_date = fields.Field(attribute="birth_date")
    age = fields.Field()
    id_number = fields.Field(attribute="id_number")
    phone = fields.Field(attribute="phone")
    status = fields.Field(attribute="status")

    class Meta:
        model = Member
        fields = ("name", "gender", "ethnicity", "birth_date", "age", "id_number", "phone", "education", "joined_on",
                  "category", "branch_code", "branch_name", "is_in_service", "work_unit",
                  "registered_community_code", "registered_on", "status")
        export_order = fields

    def __init__(self, user=None, *, show_personal: bool = False, **kwargs):
        super().__init__(user=user, **kwargs)
        self.show_personal = show_personal

    def filter_export(self, queryset, **kwargs):
        # A recorded export hands over the very rows it recorded, already loaded.
        return queryset if isinstance(queryset, list) else with_member_relations(queryset)

    def _personal(self, member, field: str) -> str:
        if self.show_personal:
            value = getattr(member, field)
            return value.isoformat() if hasattr(value, "isoformat") else value or ""
        return masked(member, field)

    def dehydrate_birth_date(self, member):
        return self._personal(member, "birth_date")

    def dehydrate_age(self, member):
        return age_on(member.birth_date, timezone.localdate())

    def dehydrate_id_number(self, member):
        return self._personal(member, "id_number")

    def dehydrate_phone(self, member):
        return self._personal(member, "phone")

    def dehydrate_gender(self, member):
        return GENDER_CHINESE.get(member.gender, member.gender) if _chinese() else member.gender

    def dehydrate_education(self, member):
        return EDUCATION_CHINESE.get(member.education, member.education) if _chinese() else member.education

    def dehydrate_category(self, member):
        return CATEGORY_CHINESE.get(member.category, member.category) if _chinese() else member.category

    def dehydrate_is_in_service(self, member):
        if _chinese():
            return "是" if member.is_in_service else "否"
        return "yes" if member.is_in_service else "no"

    def dehydrate_registered_community_code(self, member):
        return member.registered_community.code if member.registered_community_id else ""

    def dehydrate_status(self, member):
        return str(member.get_status_display()) if _chinese() else member.status

"""Personal data in the Django admin: masked in lists and change pages, never searched or filtered.

Every scoped admin (``partybuild.admin_scoping.ScopedAdminMixin``) and read-only inline mixes this
in, so a model that declares ``personal_fields`` is masked in the admin without a line of its own:

- list columns and read-only fields show the masked value (``partybuild.personal``), unsortable;
- change forms show the masked value and keep the stored one unless a new one is typed
  (``partybuild.personal_forms``);
- changelist lookups on a personal field (``?id_number__startswith=42``, ``__regex``, through a
  relation too) are refused, and search fields and list filters that touch one are dropped.
The full value is reachable only through the recorded reveal on the portal.
"""

from __future__ import annotations

from django.contrib import admin

from partybuild.personal import lookup_is_personal, masked, personal_fields
from partybuild.personal_forms import with_masked_personal_fields

MASKED_PREFIX = "masked_"


def _masked_display(model, field: str):
    label = model._meta.get_field(field).verbose_name

    @admin.display(description=label)
    def display(obj):
        return masked(obj, field) or "—"

    display.__name__ = f"{MASKED_PREFIX}{field}"
    return display


class PersonalDataAdminMixin:
    """What model admins and inlines share; mix :class:`PersonalDataModelAdminMixin` or
    :class:`PersonalDataInlineMixin` in before Django's class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Instance attributes named masked_<field>: the admin resolves column and read-only names on itself.
        for name in personal_fields(self.model):
            setattr(self, f"{MASKED_PREFIX}{name}", _masked_display(self.model, name))

    def _masked_names(self, names: tuple) -> tuple:
        personal = personal_fields(self.model)
        return tuple(f"{MASKED_PREFIX}{n}" if isinstance(n, str) and n in personal else n for n in names)

    def get_list_display(self, request):
        return self._masked_names(tuple(super().get_list_display(request)))

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return None if links is None else self._masked_names(tuple(links))

    def get_readonly_fields(self, request, obj=None):
        return self._masked_names(tuple(super().get_readonly_fields(request, obj)))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # A new record has nothing stored to hide; an editable one gets masked inputs (get_form). A record
        # only shown would print the stored value in full: show the masked column instead.
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [(title, {**options, "fields": self._masked_names(tuple(options.get("fields", ())))})
                for title, options in fieldsets]

    def get_search_fields(self, request):
        return tuple(f for f in super().get_search_fields(request)
                     if not lookup_is_personal(self.model, f.lstrip("^=@")))

    def get_list_filter(self, request):
        return tuple(f for f in super().get_list_filter(request)
                     if not lookup_is_personal(self.model, f[0] if isinstance(f, list | tuple) else str(f)))

    def lookup_allowed(self, lookup, value, request=None):
        if lookup_is_personal(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)


class PersonalDataModelAdminMixin(PersonalDataAdminMixin):
    def get_form(self, request, obj=None, **kwargs):
        return with_masked_personal_fields(super().get_form(request, obj, **kwargs))


class PersonalDataInlineMixin(PersonalDataAdminMixin):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = with_masked_personal_fields(formset.form)
        return formset

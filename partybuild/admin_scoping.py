"""The Django admin, limited by the one scoping mechanism.

Admin rights here come from role assignments, not from Django's model
permissions: a staff user sees in the admin exactly the rows
``partybuild.scoping.scope_queryset`` gives them, and may change what their
roles let them EDIT (records) or MANAGE (the tree). Superusers see everything.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment, User
from partybuild import rights, scoping
from partybuild.admin_personal import PersonalDataInlineMixin, PersonalDataModelAdminMixin
from partybuild.locking import STALE, versioned_save
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT, VIEW, scope_queryset


def user_queryset(user) -> QuerySet[User]:
    """Accounts a user may see: those holding a role inside their area (and their own).

    District administrators also see accounts without any role yet, so an account they
    just created stays reachable until it is given one.
    """
    qs = User.objects.all()
    if scoping.is_unrestricted(user):
        return qs
    in_scope = scope_queryset(RoleAssignment.objects.all(), user, VIEW).values("user_id")
    q = Q(pk__in=in_scope) | Q(pk=user.pk)
    if rights.is_district_admin(user):
        q |= Q(roles__isnull=True)
    return qs.filter(q).distinct()


def has_scope(request, action: str) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return scoping.is_unrestricted(user) or bool(scoping.scope_paths(user, action))


def obj_in_scope(request, obj, action: str) -> bool:
    """Whether ``obj`` lies in the user's ``action`` area; one query per object and action per request."""
    user = request.user
    if scoping.is_unrestricted(user):
        return True
    if hasattr(obj, "path") and hasattr(obj, "depth"):
        return rights.may(user, action, obj)
    cache = request.__dict__.setdefault("_admin_scope_cache", {})
    key = (type(obj), obj.pk, action)
    if key not in cache:
        cache[key] = obj.pk is not None and scoping.can(user, action, obj)
    return cache[key]


class ServiceModelForm(forms.ModelForm):
    """A ModelForm whose save goes through a service (services are the only code that writes).

    The service runs at the end of validation, inside a savepoint, so its
    ValidationError / PermissionDenied show on the form instead of a 500; the
    admin then skips its own ``save()``. Subclasses implement ``call_service``.
    """

    request = None  # set by ServiceFormAdminMixin.get_form

    def call_service(self, user):  # pragma: no cover - abstract
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            with transaction.atomic():
                result = self.call_service(self.request.user)
        except ValidationError as exc:
            self._add_service_errors(exc)
        except PermissionDenied as exc:
            self.add_error(None, str(exc) or _("You may not make this change."))
        else:
            if result is not None:
                self.instance = result

    def _add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for field, messages in exc.message_dict.items():
            target = field if field in self.fields and field != NON_FIELD_ERRORS else None
            self.add_error(target, messages)


class VersionLockMixin(forms.Form):
    """The version the editor loaded travels with the form, so a save over someone else's newer
    change is refused instead of silently overwriting it.

    The form refuses a version other than the one of the row it loaded (``clean``); the save then
    guards on that same version (``versioned_save`` in the service, or in
    ``ScopedAdminMixin.save_model``), so an edit landing between the two is refused as well. A form
    posted without the version (an old page, a forged post) is refused too: it cannot show it is fresh.
    """

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and cleaned.get("lock_version") != self.instance.version:
            raise ValidationError(STALE, code="stale")
        return cleaned


def is_versioned(model) -> bool:
    """Whether ``model`` carries the optimistic lock (``partybuild.locking``)."""
    return any(f.name == "version" for f in model._meta.concrete_fields)


def with_version_lock(form: type[forms.ModelForm]) -> type[forms.ModelForm]:
    return form if issubclass(form, VersionLockMixin) else type(form.__name__, (VersionLockMixin, form), {})


def grows_with_the_district(model) -> bool:
    """Rows that grow with the district (tenant data, accounts): a select of them would list thousands."""
    return model is User or getattr(model, "scope_field", None) is not None


LOCK_FIELD = "lock_version"


class VersionLockAdminMixin:
    """Admin change pages of a versioned model carry the optimistic lock (``partybuild.locking``).

    The form gets ``VersionLockMixin`` (the version it loaded as a hidden input, a stale or missing
    one refused with ``locking.STALE``) and the input is rendered with the first fieldset. A service
    form passes ``lock_version`` on to its service; any other form is saved by ``versioned_save``
    here, guarded on that version.
    """

    def _locks_versions(self, request, obj) -> bool:
        return obj is not None and is_versioned(self.model) and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._locks_versions(request, obj) or LOCK_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (title, options), *rest = fieldsets
        return [(title, {**options, "fields": (*options.get("fields", ()), LOCK_FIELD)}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        if self._locks_versions(request, obj):
            kwargs["form"] = with_version_lock(kwargs.get("form", self.form))
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and isinstance(form, VersionLockMixin) and not isinstance(form, ServiceModelForm):
            # No service to pass the version to: guard the write on it here.
            names = {f.name for f in self.model._meta.concrete_fields}
            versioned_save(obj, fields=[f for f in form.changed_data if f in names],
                           version=form.cleaned_data[LOCK_FIELD])
            return
        super().save_model(request, obj, form, change)


class ServiceFormAdminMixin(VersionLockAdminMixin):
    """Lets a ModelAdmin's ``ServiceModelForm`` reach the request, and leaves the save to it; change
    pages of versioned models carry the version lock (``VersionLockAdminMixin``)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, ServiceModelForm):
            form = type(form.__name__, (form,), {"request": request})
        return form

    def save_model(self, request, obj, form, change):
        if not isinstance(form, ServiceModelForm):
            super().save_model(request, obj, form, change)


INTERNAL_FIELDS = frozenset({"version", "path", "depth", "numchild"})


class ScopedAdminMixin(ServiceFormAdminMixin, PersonalDataModelAdminMixin):
    """Mix into every ModelAdmin of tenant data, before ``admin.ModelAdmin``. Personal fields come
    masked with it (``partybuild.admin_personal``)."""

    #: Scope action needed to add or change rows (MANAGE for the tree itself).
    edit_action = EDIT
    #: History written only by services: the admin shows it, never edits it.
    read_only = False
    #: Records that are dissolved or become history instead of being deleted.
    allow_delete = True
    #: Counts capped (partybuild/pagination.py), and no second count of the whole unfiltered scope.
    paginator = CappedPaginator
    show_full_result_count = False
    #: Pages of 50 rows, as the API's: rendering a changelist row costs more than reading it, and
    #: Django's 100 doubled a street official's member list (250 → … ms p95 under load, bench/load.py).
    list_per_page = 50

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, VIEW)

    def get_fields(self, request, obj=None):
        # The lock version and the tree's own bookkeeping mean nothing to an editor; the version
        # still travels in the form as a hidden input (VersionLockMixin), checked when it is saved.
        return [f for f in super().get_fields(request, obj) if f not in INTERNAL_FIELDS]

    def get_autocomplete_fields(self, request):
        # Every relation to rows that grow with the district searches as you type, declared or not,
        # wherever the related admin can search (its scoped queryset answers the search).
        declared = tuple(super().get_autocomplete_fields(request))
        chosen_otherwise = {*declared, *self.raw_id_fields, *self.filter_horizontal, *self.filter_vertical}
        extra = tuple(
            f.name for f in self.model._meta.get_fields()
            if (f.many_to_one or f.many_to_many or f.one_to_one) and not f.auto_created and f.editable
            and f.concrete and f.name not in chosen_otherwise and grows_with_the_district(f.related_model)
            and self._searchable(request, f.related_model)
        )
        return declared + extra

    def _searchable(self, request, model) -> bool:
        related_admin = self.admin_site._registry.get(model)
        return related_admin is not None and bool(related_admin.get_search_fields(request))

    def has_module_permission(self, request):
        return has_scope(request, VIEW)

    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW) and (obj is None or obj_in_scope(request, obj, VIEW))

    def has_add_permission(self, request, *args):
        return not self.read_only and has_scope(request, self.edit_action)

    def has_change_permission(self, request, obj=None):
        if self.read_only or not has_scope(request, self.edit_action):
            return False
        return obj is None or obj_in_scope(request, obj, self.edit_action)

    def has_delete_permission(self, request, obj=None):
        return self.allow_delete and self.has_change_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # Bulk delete must not reach rows the user may only view.
        super().delete_queryset(request, scope_queryset(queryset, request.user, self.edit_action))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            related = db_field.related_model
            if getattr(related, "scope_field", None) is not None:
                kwargs["queryset"] = scope_queryset(related._default_manager.all(), request.user, self.edit_action)
            elif related is User:
                kwargs["queryset"] = user_queryset(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(PersonalDataInlineMixin, admin.TabularInline):
    """History rows shown on their parent's page; they change only through services."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return has_scope(request, VIEW)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def get_queryset(self, request):
        # Each shown relation prints its name: load them with the rows, not one query per row.
        shown = set(flatten_fieldsets(self.fieldsets) if self.fieldsets else self.fields or ()) or None
        related = [f.name for f in self.model._meta.fields
                   if f.many_to_one and (shown is None or f.name in shown) and f.name not in (self.exclude or ())]
        return super().get_queryset(request).select_related(*related)


class OwnRecordsAdmin(admin.ModelAdmin):
    """Read-only admin of records a user owns rather than reaches through the tree (import jobs,
    notifications): staff see their own through ``own_records(user)``, superusers all, and only
    the app's services write them."""

    def own_records(self, user) -> QuerySet:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_queryset(self, request):
        if request.user.is_active and request.user.is_superuser:
            return super().get_queryset(request)
        return self.own_records(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

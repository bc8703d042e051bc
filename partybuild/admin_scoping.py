"""The Django admin, limited by the one scoping mechanism.

Admin rights here come from role assignments, not from Django's model
permissions: a staff user sees in the admin exactly the rows
``partybuild.scoping.scope_queryset`` gives them, and may change what their
roles let them EDIT (records) or MANAGE (the tree). Superusers see everything.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import RoleAssignment, User
from partybuild import rights, scoping
from partybuild.admin_personal import PersonalDataInlineMixin, PersonalDataModelAdminMixin
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
    change is refused by the service instead of silently overwriting it."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.version


class ServiceFormAdminMixin:
    """Lets a ModelAdmin's ``ServiceModelForm`` reach the request, and leaves the save to it."""

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

    def get_queryset(self, request):
        return scope_queryset(super().get_queryset(request), request.user, VIEW)

    def get_fields(self, request, obj=None):
        # The lock version and the tree's own bookkeeping mean nothing to an editor; the version
        # still travels in the form (VersionLockMixin) where a service checks it.
        return [f for f in super().get_fields(request, obj) if f not in INTERNAL_FIELDS]

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

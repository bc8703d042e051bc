"""Import jobs in the admin: read-only, each user sees their own (superusers all)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partybuild import files
from partybuild.admin_scoping import OwnRecordsAdmin, ScopedAdmin

from .models import ImportJob, MemberTransferRequest
from .selectors import job_list


@admin.register(ImportJob)
class ImportJobAdmin(OwnRecordsAdmin):
    list_display = ("original_name", "kind", "status", "dry_run", "total_rows", "created_count", "rejected_count",
                    "created_by", "created_at")
    list_filter = ("kind", "status", "dry_run")
    list_select_related = ("created_by",)
    search_fields = ("original_name",)
    # The files have no URL (partybuild.files): the upload stays private, the rejected rows link to their view.
    exclude = ("file", "rejected_file")
    readonly_fields = ("rejected_rows",)

    @admin.display(description=_("rejected rows"))
    def rejected_rows(self, obj):
        return files.download_link(obj.rejected_file, url=reverse("imports:job-errors", args=[obj.pk]),
                                   label=_("Download"))

    def own_records(self, user):
        # Superusers see every job through the same selector (it is not scoped by the tree).
        return job_list(user=user)


def _offer_file_formats() -> None:
    """The organisation and member admin pages import with this app's file formats and export
    through its export pages (the admin's Export button leads there with the changelist's filters).

    They are plugged in from here, so ``organizations`` does not import this app (the dependency
    goes one way: imports → organizations)."""
    from organizations.models import Member, Organization

    from .resources import MemberResource, OrganizationResource

    for model, resource, export in ((Organization, OrganizationResource, "imports:org-export"),
                                    (Member, MemberResource, "imports:member-export")):
        admin.site._registry[model].resource_classes = [resource]
        admin.site._registry[model].portal_export = export


_offer_file_formats()


@admin.register(MemberTransferRequest)
class MemberTransferRequestAdmin(ScopedAdmin):
    """Read-only here: requests are sent or dismissed from the district's page (imports:transfer-requests)."""

    list_display = ("name_in_file", "to_org", "state", "requested_by", "requested_at", "handled_by")
    list_filter = ("state",)
    list_select_related = ("to_org", "requested_by", "handled_by")

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

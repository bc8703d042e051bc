"""Tree pages: browser, organisation page, coverage, and the structure edits.

Organisations are fetched through the scoped selectors, so an outsider gets 404. Structure
edits need the MANAGE right (``partybuild.rights``): a viewer without it gets 403, and the
services check it again. A service's ValidationError becomes a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.background_exports import recorded
from partybuild import rights, scoping
from partybuild.forms import apply_errors
from partybuild.workbooks import INTEGER, Column, Workbook, dated_filename

from .. import selectors, services, tree_selectors
from ..forms import (
    OrganizationCreateForm,
    OrganizationDissolveForm,
    OrganizationEditForm,
    OrganizationMergeForm,
    OrganizationMoveForm,
    OrganizationSplitForm,
    child_kinds,
)
from ..models import Organization


def _visible(request, pk: int) -> Organization:
    qs = selectors.organization_list(user=request.user, include_dissolved=True)
    return get_object_or_404(qs.select_related("secretary", "host", "merged_into"), pk=pk)


def _manageable(request, pk: int) -> Organization:
    org = _visible(request, pk)
    rights.require(request.user, scoping.MANAGE, org, _("You may view this organisation but not change its structure."))
    return org


def _may_reorganise(user, org: Organization, parent) -> bool:
    """Merging and splitting change the level above too: they need MANAGE on the parent
    (an Organization, or the last breadcrumb, which carries its path)."""
    return org.is_active and parent is not None and rights.may(user, scoping.MANAGE, parent)


def _reorganisable(request, pk: int) -> Organization:
    org = _manageable(request, pk)
    if not _may_reorganise(request.user, org, selectors.organization_parent(org=org)):
        raise PermissionDenied(_("Merging or splitting this organisation is done by whoever manages the level above."))
    return org


@login_required
def tree_browser(request):
    term = request.GET.get("q", "").strip()
    context = {"q": term}
    if term:
        context["results"] = tree_selectors.tree_search(user=request.user, term=term)
    else:
        context["roots"] = tree_selectors.tree_roots(user=request.user)
    return render(request, "organizations/tree.html", context)


@login_required
def tree_children(request, pk: int):
    org = get_object_or_404(selectors.organization_list(user=request.user), pk=pk)
    children = tree_selectors.tree_children(user=request.user, org=org)
    return render(request, "organizations/_tree_children.html", {"parent": org, "nodes": children})


@login_required
def organization_detail(request, pk: int):
    org = _visible(request, pk)
    user = request.user
    crumbs = tree_selectors.ancestors_of(user=user, orgs=[org])[org.pk]
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "org": org,
            "crumbs": crumbs,
            "children": selectors.with_member_totals(
                selectors.organization_children(user=user, org=org, include_dissolved=True)
            ),
            "coverage": selectors.coverage(root=org),
            "can_manage": org.is_active and rights.may(user, scoping.MANAGE, org),
            "can_reorganise": _may_reorganise(user, org, crumbs[-1] if crumbs else None),
            "can_add_child": bool(child_kinds(org)),
        },
    )


@login_required
def coverage_page(request, pk: int):
    org = _visible(request, pk)
    crumbs = tree_selectors.ancestors_of(user=request.user, orgs=[org])[org.pk]
    context = {"org": org, "crumbs": crumbs, "coverage": selectors.coverage(root=org)}
    return render(request, "organizations/coverage.html", context)


COVERAGE_TITLE = "组织覆盖情况统计"


@transaction.non_atomic_requests
@login_required
@require_GET
@recorded
def coverage_export_view(request, pk: int):
    """The coverage page's figures as a workbook: the headline figures, then each table of the page
    (levels; community and special organisation types where the page shows them; members by status)."""
    from ..templatetags.org_extras import (
        coverage_community_types,
        coverage_levels,
        coverage_member_statuses,
        coverage_special_types,
    )

    org = _visible(request, pk)
    cov = selectors.coverage(root=org)
    today = timezone.localdate().isoformat()
    subtitle = f"截至{today}，{org.name}以下的在册组织和党员"
    tables = [("概况", _("Figure"), [(_("Current members"), cov.members), (_("Probationary members"), cov.probationary),
                                    (_("In-service members registered here"), cov.in_service_registered),
                                    (_("Special organisations"), cov.by_level.get("special", 0))]),
              ("按层级", _("Level"), coverage_levels(cov))]
    if org.depth < 3:  # as the page: communities sit under streets
        tables.append(("社区党组织类型", _("Type"), coverage_community_types(cov)))
    if org.depth <= 3:
        tables.append(("特设组织类型", _("Type"), coverage_special_types(cov)))
    tables.append(("党员状态", _("Status"), [(label, n) for _code, label, n in coverage_member_statuses(cov)]))
    book = Workbook()
    for sheet, heading, rows in tables:
        book.add_sheet(name=sheet, title=f"{org.name} {COVERAGE_TITLE}（{sheet}）", subtitle=subtitle,
                       columns=[Column(str(heading), 28), Column(_("Number"), 12, INTEGER)],
                       rows=([str(label), n] for label, n in rows))
    return book.response(dated_filename(COVERAGE_TITLE, org.name))


def _form_page(request, org, form, template: str, save, done: str, **context):
    """The shared POST flow: valid form → service → message and redirect; errors stay on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done % {"name": target.name})
            return redirect("organizations:detail", pk=target.pk)
    crumbs = tree_selectors.ancestors_of(user=request.user, orgs=[org])[org.pk]
    return render(request, template, {"org": org, "form": form, "crumbs": crumbs, **context})


@login_required
def organization_create_view(request, pk: int):
    parent = _manageable(request, pk)
    form = OrganizationCreateForm(request.POST or None, parent=parent)

    def save(f):
        return services.organization_create(user=request.user, parent=parent, **f.service_fields())

    return _form_page(request, parent, form, "organizations/organization_form.html", save, _("%(name)s created."))


@login_required
def organization_edit_view(request, pk: int):
    org = _manageable(request, pk)
    form = OrganizationEditForm(request.POST or None, instance=org, user=request.user)

    def save(f):
        version = f.cleaned_data["version"]
        return services.organization_update(user=request.user, org=org, version=version, **f.service_fields())

    return _form_page(request, org, form, "organizations/organization_form.html", save, _("%(name)s saved."))


@login_required
def organization_move_view(request, pk: int):
    org = _manageable(request, pk)
    form = OrganizationMoveForm(request.POST or None, user=request.user, org=org)

    def save(f):
        return services.organization_move(user=request.user, org=org, new_parent=f.cleaned_data["parent"])

    return _form_page(request, org, form, "organizations/organization_move.html", save, _("%(name)s moved."))


@login_required
def organization_dissolve_view(request, pk: int):
    org = _manageable(request, pk)
    form = OrganizationDissolveForm(request.POST or None)

    def save(f):
        data = f.cleaned_data
        return services.organization_dissolve(user=request.user, org=org, on=data["on"], reason=data["reason"])

    return _form_page(request, org, form, "organizations/organization_dissolve.html", save, _("%(name)s dissolved."))


@login_required
def organization_merge_view(request, pk: int):
    org = _reorganisable(request, pk)
    form = OrganizationMergeForm(request.POST or None, user=request.user, org=org)

    def save(f):
        data = f.cleaned_data
        services.organization_merge(user=request.user, source=org, target=data["target"], on=data["on"])
        return data["target"]

    return _form_page(request, org, form, "organizations/organization_merge.html", save,
                      _("Merged into %(name)s."), summary=selectors.reorganisation_summary(org=org))


@login_required
def organization_split_view(request, pk: int):
    org = _reorganisable(request, pk)
    form = OrganizationSplitForm(request.POST or None, user=request.user, org=org)

    def save(f):
        return services.organization_split(user=request.user, source=org, **f.service_fields())

    return _form_page(request, org, form, "organizations/organization_split.html", save, _("%(name)s created."))

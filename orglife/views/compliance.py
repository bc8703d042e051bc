"""The compliance table (应开/实开) of a scope, its xlsx export, and the district's frequency rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from audit.background_exports import recorded
from organizations.models import Organization
from organizations.selectors import organization_scope_name
from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.workbooks import dated_filename

from .. import exports, selectors, services
from ..forms import ComplianceFilterForm, RuleForm, apply_errors
from ..models import FrequencyRule, MeetingType

PAGE_SIZE = 50


def _table(request):
    form = ComplianceFilterForm(request.GET or None)
    window = form.window()
    data = form.cleaned_data if form.is_valid() else {}
    # ``subtree``: one organisation's subtree, resolved like every list's SubtreeFilter (inside the
    # user's scope by the selector; a code naming nothing gives no rows).
    code = (data.get("subtree") or "").strip()
    root = Organization.objects.filter(code=code).first() if code else None
    columns, rows = selectors.compliance(
        user=request.user, window=window, short_only=bool(data.get("short_only")), root=root,
        org_ids=[] if code and root is None else None,
    )
    return form, window, columns, rows


@login_required
def compliance_view(request):
    form, window, columns, rows = _table(request)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(MeetingType.choices)
    return render(request, "orglife/compliance.html", {
        "form": form, "window": window, "columns": [(c, labels[c]) for c in columns], "page_obj": page,
        "rows": [(row, [(c, row.cells.get(c)) for c in columns]) for row in page.object_list],
        "short_count": sum(1 for r in rows if r.is_short), "total": len(rows),
        "query": request.GET.urlencode(),
    })


@transaction.non_atomic_requests
@login_required
@recorded
def compliance_export_view(request):
    """Exactly the table of the page for the chosen period and filter (every row, not one page)."""
    _form, window, columns, rows = _table(request)
    scope = organization_scope_name(user=request.user)
    book = exports.compliance_workbook(scope=scope, window=window, columns=columns, rows=rows)
    return book.response(dated_filename(exports.SHEET, scope, exports.period_label(window)))


@login_required
def rule_list_view(request):
    return render(request, "orglife/rule_list.html", {
        "rules": FrequencyRule.objects.order_by("level", "org_type", "meeting_type"),
        "can_edit": rights.is_district_admin(request.user),
    })


@login_required
def rule_edit_view(request, pk: int):
    if not rights.is_district_admin(request.user):
        raise Http404
    rule = get_object_or_404(FrequencyRule, pk=pk)
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(user=request.user, rule=rule, period=form.cleaned_data["period"],
                                 times=form.cleaned_data["times"], version=request.POST.get("version"))
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(request, _("The requirement is saved."))
            return redirect("orglife:rule-list")
    return render(request, "orglife/rule_form.html", {"form": form, "rule": rule})

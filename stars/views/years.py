"""The district's star definitions per year: start a year, set its notice period, edit a star."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild import rights

from .. import selectors, services
from ..forms import DefinitionForm, YearForm, YearStartForm, apply_errors
from ..models import StarDefinition, StarYear


def _quota_text(star_year: StarYear) -> str | None:
    parts = [_("%(n)s stars or more: at most %(share)s%%") % {"n": n, "share": share}
             for n, share in star_year.quotas()]
    return "；".join(parts) or None


@login_required
def year_list_view(request):
    years = list(selectors.year_list())
    defs = {}
    for d in StarDefinition.objects.filter(star_year__in=years).order_by("position", "id"):
        defs.setdefault(d.star_year_id, []).append(d)
    rule_fields = [StarYear._meta.get_field(f) for f in services.YEAR_FIELDS if f != "notice_days"]
    for y in years:
        y.star_list = defs.get(y.pk, [])
        y.rule_rows = [(f.verbose_name, _quota_text(y) if f.name == "count_quotas" else getattr(y, f.name))
                       for f in rule_fields]
    form = YearStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.star_year_start(user=request.user, year=form.cleaned_data["year"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The year is set up from the previous year's stars."))
            return redirect("stars:years")
    return render(request, "stars/years.html", {
        "years": years, "form": form, "is_district": rights.is_district_admin(request.user),
    })


@login_required
def year_edit_view(request, pk: int):
    if not rights.is_district_admin(request.user):
        raise PermissionDenied
    star_year = get_object_or_404(StarYear, pk=pk)
    form = YearForm(request.POST or None, instance=star_year)
    if request.method == "POST" and form.is_valid():
        try:
            data = dict(form.cleaned_data)
            services.star_year_update(user=request.user, star_year=star_year, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("stars:years")
    title = _("Year %(year)s") % {"year": star_year.year}
    return render(request, "stars/simple_form.html", {"form": form, "title": title})


@login_required
def definition_edit_view(request, pk: int):
    if not rights.is_district_admin(request.user):
        raise PermissionDenied
    definition = get_object_or_404(StarDefinition.objects.select_related("star_year"), pk=pk)
    form = DefinitionForm(request.POST or None, instance=definition)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.definition_update(user=request.user, definition=definition, version=version, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Star saved."))
            return redirect("stars:years")
    return render(request, "stars/simple_form.html", {"form": form, "title": str(definition)})

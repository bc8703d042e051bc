"""Grid and building leaders (网格长/楼栋长): the list, appointing one, a leader leaving the post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import EndForm, LeaderForm, apply_errors
from ..models import LeaderKind

PAGE_SIZE = 25


@login_required
def leader_list_view(request):
    qs = selectors.leader_list(user=request.user).filter(ended_on__isnull=True).order_by("grid__code", "-kind",
                                                                                        "building__name")
    kind = request.GET.get("kind", "")
    if kind in LeaderKind.values:
        qs = qs.filter(kind=kind)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cadres/leader_list.html", {
        "page_obj": page, "leaders": page.object_list, "kinds": LeaderKind.choices,
        "can_add": selectors.grid_choices(user=request.user).exists(),
    })


@login_required
def leader_create_view(request):
    if not selectors.grid_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    form = LeaderForm(request.POST or None, user=request.user,
                      initial={"since": timezone.localdate(), "kind": request.GET.get("kind", LeaderKind.BUILDING)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.leader_appoint(user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Leader appointed."))
            return redirect("cadres:leader-list")
    return render(request, "cadres/form.html", {"form": form, "title": _("Appoint a grid or building leader"),
                                                "cancel_url": "cadres:leader-list"})


@login_required
def leader_end_view(request, pk: int):
    post = get_object_or_404(selectors.leader_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, post.grid.branch, str(services.REFUSED))
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.leader_end(user=request.user, post=post, ended_on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The leader has left the post."))
            return redirect("cadres:leader-list")
    return render(request, "cadres/form.html", {"form": form, "cancel_url": "cadres:leader-list",
                                                "title": _("Leaving the post: %(name)s") % {"name": post.name}})

"""Pages of the three-party meetings (三方联动: community, owners' committee, property company) and the
themed forums (双月座谈会): the list of the scope, a new one, its edit page. Their meetings are
opened on the meeting pages (``meetings:meeting-create?body=<id>``).

Bodies are fetched through the scoped selectors (an outsider gets 404); a role that may only look
gets 403 from ``rights.require``, and the services check again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..forms import JointBodyForm, apply_errors
from ..models import BodyKind

PAGE_SIZE = 25


@login_required
def body_list_view(request):
    kind = request.GET.get("kind", "")
    qs = selectors.joint_body_list(user=request.user, kind=kind)
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/body_list.html", {
        "page_obj": page, "bodies": page.object_list, "kind": kind if kind in selectors.JOINT_KINDS else "",
        "kinds": [(k, label) for k, label in BodyKind.choices if k in selectors.JOINT_KINDS],
        "can_add": selectors.joint_body_org_choices(user=request.user).exists(),
    })


@login_required
def body_create_view(request):
    if not selectors.joint_body_org_choices(user=request.user).exists():
        raise PermissionDenied(services.REFUSED)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in selectors.JOINT_KINDS else BodyKind.THREE_PARTY}
    form = JointBodyForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(
                user=request.user, organization=form.cleaned_data["organization"], kind=form.cleaned_data["kind"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s set up; open its first meeting here.") % {"name": body.name})
            return redirect(f"{reverse('meetings:meeting-create')}?body={body.pk}")
    return render(request, "meetings/body_form.html", {"form": form, "title": _("New three-party meeting or forum")})


@login_required
def body_edit_view(request, pk: int):
    body = get_object_or_404(selectors.joint_body_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, body.organization, str(services.REFUSED))
    form = JointBodyForm(request.POST or None, instance=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(
                user=request.user, body=body, version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, pgettext("meetings", "Changes saved."))
            return redirect("meetings:body-list")
    return render(request, "meetings/body_form.html", {"form": form, "body": body, "title": body.name})

"""Order pages: list, new order, detail with its timeline, and one page per workflow step.

Orders are fetched through the scoped selector (an outsider gets 404); the services decide who
may move an order and how (their PermissionDenied is a 403, their ValidationError a form error).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partybuild import rights
from partybuild.forms import bootstrapify
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..filters import OrderFilter
from ..flow import ORDER_FLOW, REFUSED
from ..forms import CancelForm, CompleteForm, DispatchForm, OrderForm, RateForm, apply_errors
from ..models import OrderStatus, ServiceOrder

PAGE_SIZE = 25


@login_required
def order_list_view(request):
    filterset = OrderFilter(request.GET, queryset=selectors.order_list(user=request.user))
    bootstrapify(filterset.form)
    page = CappedPaginator(filterset.qs.order_by("-placed_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_add = selectors.community_choices(user=request.user).exists()
    return render(
        request, "volunteers/order_list.html",
        {"filter": filterset, "page_obj": page, "orders": page.object_list, "can_add": can_add},
    )


@login_required
def order_create_view(request):
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_place(
                user=request.user, community=form.cleaned_data["community"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # Shown this once (the code is stored only as a hash): the resident keeps it and gives it
            # to the volunteer when the service is done.
            messages.success(request, _(
                "Order #%(pk)s recorded. Give the resident this confirmation code: %(code)s. They hand it to "
                "the volunteer once the service is done; it is needed to mark the order done. Dispatch it next."
            ) % {"pk": order.pk, "code": order.confirmation_code})
            return redirect("volunteers:order-detail", pk=order.pk)
    return render(request, "volunteers/order_form.html", {"form": form})


def _steps_allowed(user, order: ServiceOrder) -> set[str]:
    """The states the page offers buttons to move to; the services check again when they are used."""
    return {ORDER_FLOW.steps[name].target for name in ORDER_FLOW.allowed(user, order)}


@login_required
def order_detail_view(request, pk: int):
    order = get_object_or_404(selectors.order_detail_qs(user=request.user), pk=pk)
    return render(
        request, "volunteers/order_detail.html",
        {"order": order, "steps_allowed": _steps_allowed(request.user, order), "OrderStatus": OrderStatus},
    )


STEPS = {
    # step: (form class, service, title, success message)
    "dispatch": (
        DispatchForm, services.order_dispatch, gettext_lazy("Dispatch the order"), gettext_lazy("Order dispatched.")
    ),
    "complete": (
        CompleteForm, services.order_complete, gettext_lazy("Mark the order done"),
        gettext_lazy("Order done; points credited."),
    ),
    "rate": (
        RateForm, services.order_rate, gettext_lazy("Record the resident's rating"), gettext_lazy("Rating recorded.")
    ),
    "cancel": (CancelForm, services.order_cancel, gettext_lazy("Cancel the order"), gettext_lazy("Order cancelled.")),
}


def _step_view(request, pk: int, step: str):
    order = get_object_or_404(selectors.order_detail_qs(user=request.user), pk=pk)
    rights.require(request.user, EDIT, order.community, str(REFUSED))
    form_class, service, title, done = STEPS[step]
    kwargs = {"order": order} if form_class in (DispatchForm, CompleteForm) else {}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            moved = service(user=request.user, order=order, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(done))
            if getattr(moved, "credits", None) and moved.credits.holds:
                messages.warning(request, _(
                    "The points of %(names)s are held: they would pass the monthly cap of service hours. "
                    "The street reviews held credits on the volunteering page."
                ) % {"names": "、".join(h.volunteer.name for h in moved.credits.holds)})
            return redirect("volunteers:order-detail", pk=order.pk)
    return render(request, "volunteers/order_step.html", {"order": order, "form": form, "title": title, "step": step})


@login_required
def order_dispatch_view(request, pk: int):
    return _step_view(request, pk, "dispatch")


@login_required
def order_complete_view(request, pk: int):
    return _step_view(request, pk, "complete")


@login_required
def order_rate_view(request, pk: int):
    return _step_view(request, pk, "rate")


@login_required
def order_cancel_view(request, pk: int):
    return _step_view(request, pk, "cancel")


@login_required
@require_POST
def order_take_view(request, pk: int):
    """The assignee reports that they take the order; the page records it on their behalf."""
    order = get_object_or_404(selectors.order_list(user=request.user), pk=pk)
    try:
        services.order_take(user=request.user, order=order, member=order.assigned_member, team=order.assigned_team)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(assignee)s took the order.") % {"assignee": order.assignee})
    return redirect("volunteers:order-detail", pk=order.pk)

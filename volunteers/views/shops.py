"""Partner shops (积分兑换商家) kept by the community secretaries: where volunteers redeem points."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partybuild import rights
from partybuild.pagination import CappedPaginator
from partybuild.scoping import EDIT

from .. import selectors, services
from ..flow import REFUSED
from ..forms import ShopForm, apply_errors
from .registry import _require_a_community


@login_required
def shop_list_view(request):
    shops = selectors.shop_list(user=request.user).order_by("community__path", "-is_active", "name")
    term = request.GET.get("q", "").strip()[:50]
    if term:
        shops = shops.filter(name__icontains=term)
    page = CappedPaginator(shops, 30).get_page(request.GET.get("page"))
    can_add = selectors.community_choices(user=request.user).exists()
    return render(request, "volunteers/shop_list.html", {"page_obj": page, "shops": page.object_list,
                                                         "term": term, "can_add": can_add})


@login_required
def shop_create_view(request):
    _require_a_community(request.user)
    form = ShopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            shop = services.shop_create(user=request.user, community=form.cleaned_data["community"],
                                        **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Partner shop %(name)s added.") % {"name": shop.name})
            return redirect("volunteers:shop-list")
    return render(request, "volunteers/shop_form.html", {"form": form, "shop": None})


@login_required
def shop_edit_view(request, pk: int):
    shop = get_object_or_404(selectors.shop_list(user=request.user), pk=pk)
    rights.require(request.user, EDIT, shop.community, str(REFUSED))
    form = ShopForm(request.POST or None, instance=shop, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.shop_update(user=request.user, shop=shop, version=form.cleaned_data["version"],
                                 **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Partner shop %(name)s saved.") % {"name": shop.name})
            return redirect("volunteers:shop-list")
    return render(request, "volunteers/shop_form.html", {"form": form, "shop": shop})

"""The inbox page and its buttons: a user's own notifications, all or unread, newest first.

The buttons are plain POST forms that redirect back to the page they came from; htmx posts them
and swaps in the refreshed list and the bell from the page it is redirected to, so the page works
the same without JavaScript.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from partybuild.pagination import CappedPaginator

from .. import selectors, services

PAGE_SIZE = 20
# ?show= -> unread only?
SHOW = {"all": False, "unread": True}


@login_required
def notification_list_view(request):
    show = request.GET.get("show") if request.GET.get("show") in SHOW else "all"
    notifications = selectors.notification_list(user=request.user, unread_only=SHOW[show])
    page = CappedPaginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {
        "show": show, "page_obj": page, "notifications": page.object_list,
        "unread": selectors.unread_count_cached(request),
    })


def _own(request, pk: int):
    # Another user's notification is a 404, like any record outside one's scope.
    return get_object_or_404(selectors.notification_list(user=request.user), pk=pk)


def _back(request):
    """Back to the inbox page the button was on (its filter and page), never to another site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_view(request, pk: int):
    services.notification_mark_read(user=request.user, notification=_own(request, pk))
    selectors.forget_unread_count(request)
    return _back(request)


@login_required
@require_POST
def notification_read_all_view(request):
    services.notifications_mark_all_read(user=request.user)
    selectors.forget_unread_count(request)
    return _back(request)


@login_required
def notification_open_view(request, pk: int):
    """Following a notification's link reads it: mark it read, then go to the record."""
    notification = services.notification_mark_read(user=request.user, notification=_own(request, pk))
    # Links are stored as paths inside the portal; checked again so a bad row cannot redirect away.
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect(reverse("notifications:list"))

"""The portal's admin site: Django's, with its list of models cached per user (issue 9).

Every admin page lists the models the user may open, in the side bar. Django builds that list on
each request, asking each of the 115 model admins four rights questions, reversing two URLs and
translating two names per model, then renders a table row per model: two thirds of the member
list's 110 ms. Here the list is cached per user under a key that holds everything the rights
questions read (their roles and the nodes they hold them on, staff and superuser flags, the
language), and ``admin/nav_sidebar.html`` caches the side bar's HTML under the same key and the
model being shown.

The list is navigation only: each admin view checks its rights itself. What the key does not
hold (Django's per-user model permissions, which only import-export consults) shows within
:data:`CACHE_SECONDS`.
"""

from __future__ import annotations

import hashlib

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CACHE_SECONDS = 300


def _plain(value):
    """The list with lazy translations turned into text (cached once per language)."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class PortalAdminSite(admin.AdminSite):
    # The admin is part of the portal: name it like the portal, in the interface language.
    site_header = _("Party-building portal administration")
    site_title = _("Party-building portal administration")

    def nav_key(self, request) -> str:
        """What the model list of ``request.user`` depends on, as a short key (once per request:
        the page's context and the list both ask)."""
        key = getattr(request, "_admin_nav_key", None)
        if key is None:
            key = request._admin_nav_key = self._nav_key(request)
        return key

    def _nav_key(self, request) -> str:
        from partybuild import scoping  # this module loads with the app registry, before the models

        user = request.user
        grants = sorted((g.role, g.path) for g in scoping.grants(user))
        # The registry is fixed once the URLconf loaded; its size stands for the code that built it.
        raw = repr((user.pk, user.is_active, user.is_staff, user.is_superuser, grants, get_language(),
                    len(self._registry)))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def get_app_list(self, request, app_label=None):
        if app_label is not None or not getattr(request.user, "is_authenticated", False):
            return super().get_app_list(request, app_label)
        key = f"admin-apps:{self.nav_key(request)}"
        apps = cache.get(key)
        if apps is None:
            apps = _plain(super().get_app_list(request))
            cache.set(key, apps, CACHE_SECONDS)
        return apps

    def each_context(self, request):
        context = super().each_context(request)
        if getattr(request.user, "is_authenticated", False):
            context["nav_key"] = self.nav_key(request)
            # The side bar marks the model shown: /admin/<app>/<model>/ decides it, the rest does not.
            context["nav_model_path"] = "/".join(request.path.split("/")[:4])
        return context


class PortalAdminConfig(AdminConfig):
    default_site = "partybuild.admin_site.PortalAdminSite"

"""The portal's error pages: refused (403), not found (404), server error (500), failed CSRF check.

Wired in ``partybuild/urls.py`` (``handler403`` …) and ``CSRF_FAILURE_VIEW``. The words live here,
in the audit app's catalogue, so the templates (``templates/403.html`` …) only lay them out. 403 and
404 show inside the portal layout with the reason a refusal gives; the 500 and CSRF pages extend
``error_base.html``, which needs no request context (a 500 may come from the database itself).
"""

from __future__ import annotations

import logging

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

log = logging.getLogger(__name__)


def _words(status: int) -> dict[str, str]:
    common = {"home": _("Back to the home page"), "back": _("Back to the previous page"),
              "portal": _("Party-building portal")}
    if status == 403:
        return {**common, "title": pgettext("error page", "Not allowed"),
                "message": _("Your role may not do this here. If you think you should, ask the administrator "
                             "of your organisation for the right role.")}
    if status == 404:
        return {**common, "title": pgettext("error page", "Page not found"),
                "message": _("This page does not exist, or the record is outside your area.")}
    if status == 419:
        return {**common, "title": pgettext("error page", "The form has expired"),
                "message": _("The page was open too long, or you logged in again meanwhile. Go back, reload the "
                             "page and send the form again.")}
    return {**common, "title": pgettext("error page", "Something went wrong"),
            "message": _("The portal could not complete this request. It has been recorded; try again in a "
                         "moment, and tell the administrator if it happens again.")}


def _referer(request) -> str:
    """The page the user came from, if it is this portal's (the "back" button)."""
    referer = request.META.get("HTTP_REFERER", "")
    allowed = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return referer if referer and allowed and referer != request.build_absolute_uri() else ""


def permission_denied(request, exception=None):
    # A refusal's text says why (rights.require, the services): shown as the page's first line.
    reason = str(exception) if exception is not None and str(exception) else ""
    return render(request, "403.html", {**_words(403), "reason": reason, "referer": _referer(request)},
                  status=403)


def page_not_found(request, exception=None):
    # The exception's text is for developers (it may name a model or a path pattern), never shown.
    return render(request, "404.html", {**_words(404), "referer": _referer(request)}, status=404)


def server_error(request):
    # No request context: context processors could fail again on whatever failed the request.
    return HttpResponseServerError(loader.get_template("500.html").render(_words(500)))


def csrf_failure(request, reason: str = ""):
    log.warning("CSRF check failed on %s: %s", request.path, reason)
    context = {**_words(419), "referer": _referer(request)}
    return HttpResponseForbidden(loader.get_template("403_csrf.html").render(context))

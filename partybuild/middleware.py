"""Request-wide behaviour that belongs to no single app."""

import time
from contextlib import ExitStack

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.db import connections, transaction
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The portal speaks Chinese unless the user picked another language in the menu.

    Django's own middleware follows the browser's Accept-Language, so an office PC set up in
    English would greet a street official in English; here only the language cookie written by
    ``set_language`` counts, and everyone else gets ``LANGUAGE_CODE`` (zh-hans)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()


class PermissionsPolicyMiddleware:
    """Sends ``Permissions-Policy`` from ``settings.PERMISSIONS_POLICY`` ({feature: allowed origins},
    an empty list denying the feature to every origin, this one included)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AuditlogActorMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, with the request's actor forgotten when the request ends.

    auditlog's ``set_actor`` sets a context variable and never resets it, so a thread that served
    a request kept that user as the actor of every later write it made outside a request (a
    sweep, a beat task run eagerly): history then named the wrong person, or a deleted one.
    """

    def __call__(self, request):
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)


class SessionRefreshMiddleware:
    """Moves a signed-in session's idle expiry forward at most once per ``SESSION_REFRESH_SECONDS``.

    Sessions end after ``SESSION_COOKIE_AGE`` idle seconds. ``SESSION_SAVE_EVERY_REQUEST`` kept that
    exact by writing the session row on every request, pages and API calls alike (a transaction
    and an UPDATE each time, issue 9); here the row is written only when the session changed or
    its last refresh is older than the interval, so a session ends between ``SESSION_COOKIE_AGE``
    minus the interval and ``SESSION_COOKIE_AGE`` after the last request. Sits after
    SessionMiddleware, which saves a modified session."""

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = settings.SESSION_REFRESH_SECONDS

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.interval:
                session[self.KEY] = now
        return self.get_response(request)


def stamp_session_on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the login saves the session anyway, so it carries the stamp and
    the next requests write nothing until the interval has passed."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionRefreshMiddleware.KEY] = int(time.time())


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """Runs a view in one transaction per database, like ``ATOMIC_REQUESTS``, but only for unsafe
    methods (POST, PUT, PATCH, DELETE): a read opens no transaction, so it costs no BEGIN/COMMIT
    round trip and holds no lock (issue 9). A view marked ``transaction.non_atomic_requests`` stays
    outside, as before. Must come after the middleware whose ``process_view`` should run first
    (CSRF): it calls the view itself, so the view's exception rolls the writes back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        skipped = getattr(view_func, "_non_atomic_requests", set())
        aliases = [alias for alias in connections if alias not in skipped
                   and connections.settings[alias].get("ATOMIC_WRITES", True)]
        with ExitStack() as stack:
            for alias in aliases:
                stack.enter_context(transaction.atomic(using=alias))
            response = view_func(request, *view_args, **view_kwargs)
        if response is None:
            name = getattr(view_func, "__qualname__", repr(view_func))
            raise ValueError(f"The view {view_func.__module__}.{name} didn't return an HttpResponse object.")
        return response

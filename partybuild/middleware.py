"""Request-wide behaviour that belongs to no single app."""

from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
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

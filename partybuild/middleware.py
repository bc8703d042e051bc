"""Request-wide behaviour that belongs to no single app."""

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

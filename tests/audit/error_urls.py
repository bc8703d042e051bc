"""The portal's URLs plus one view that fails, to see the 500 page (tests only)."""

from django.urls import path

from partybuild.urls import handler403, handler404, handler500
from partybuild.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

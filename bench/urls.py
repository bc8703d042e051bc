"""The portal's URLs plus ``/bench/ok/``, a bare DRF endpoint the load benchmark measures as its
baseline. Served only when the benchmark starts gunicorn with ``ROOT_URLCONF=bench.urls``; the
portal itself (``partybuild.urls``) never answers it."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from partybuild import urls as portal


class BenchOkView(APIView):
    """The cheapest signed-in DRF answer: session authentication, the default permission, JSON."""

    def get(self, request):
        return Response({"ok": 1})


urlpatterns = [path("bench/ok/", BenchOkView.as_view(), name="bench-ok"), *portal.urlpatterns]
handler403 = portal.handler403
handler404 = portal.handler404
handler500 = portal.handler500

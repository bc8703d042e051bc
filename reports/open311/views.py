"""Open311 GeoReport v2 endpoints over grid reports.

The service list and definitions are public, as GeoReport v2 has them. Service requests describe
residents and their homes, so reading and filing them needs an ``api_key`` bound to a portal user
(reports.open311.keys), and then reads and writes exactly what that user could: the key's requests
go through the same selectors and services. A browser session may read too.
Errors use the spec's shape: ``[{"code": 400, "description": "…"}]``.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from grids.models import Grid
from partybuild.scoping import EDIT, scope_queryset

from .. import selectors, services
from ..models import Source, Status
from .formats import request_json, service_json
from .keys import open311_key_user

MAX_REQUESTS = 1000
DEFAULT_WINDOW = timedelta(days=90)


def error(code: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": code, "description": description}], status=code, safe=False)


class Unauthorised(Exception):
    def __init__(self, code: int, description: str):
        self.response = error(code, description)


def _client(request):
    """The acting user: the api_key's user, else the logged-in user; 401 with neither, 403 for a bad key."""
    key = (request.POST.get("api_key") if request.method == "POST" else None) or request.GET.get("api_key")
    if key:
        user = open311_key_user(key=key)
        if user is None:
            raise Unauthorised(403, _("This api_key is not valid."))
        return user
    if request.method == "GET" and request.user.is_authenticated:
        return request.user
    raise Unauthorised(401, _("An api_key is required."))


def open311(view):
    def wrapped(request, *args, **kwargs):
        try:
            user = _client(request)
        except Unauthorised as exc:
            return exc.response
        return view(request, user, *args, **kwargs)
    wrapped.__name__ = view.__name__
    return wrapped


@require_GET
def services_view(request):
    return JsonResponse([service_json(c) for c in selectors.category_list()], safe=False)


@require_GET
def service_definition_view(request, code: str):
    category = selectors.category_list().filter(code=code).first()
    if category is None:
        return error(404, _("No service has this service_code."))
    return JsonResponse({"service_code": category.code, "attributes": []})


def _list(request, user):
    qs = selectors.report_list(user=user).prefetch_related("photos", "events")
    params = request.GET
    if ids := params.get("service_request_id"):
        try:
            qs = qs.filter(pk__in=[int(i) for i in ids.split(",") if i.strip()])
        except ValueError:
            return error(400, _("service_request_id is a comma-separated list of numbers."))
    else:
        bounds = {}
        for name in ("start_date", "end_date"):
            if params.get(name):
                bounds[name] = parse_datetime(params[name].replace(" ", "+"))
                if bounds[name] is None:
                    return error(400, _("%(name)s must be a w3 datetime.") % {"name": name})
        end = bounds.get("end_date") or timezone.now()
        start = bounds.get("start_date") or end - DEFAULT_WINDOW
        qs = qs.filter(reported_at__gte=start, reported_at__lte=end)
    if code := params.get("service_code"):
        qs = qs.filter(category__code__in=code.split(","))
    status = params.get("status")
    if status == "open":
        qs = qs.exclude(status=Status.CLOSED)
    elif status == "closed":
        qs = qs.filter(status=Status.CLOSED)
    elif status:
        return error(400, _("status is open or closed."))
    return JsonResponse([request_json(r, request) for r in qs[:MAX_REQUESTS]], safe=False)


def _create(request, user):
    data = request.POST
    category = selectors.category_list().filter(code=data.get("service_code", "")).first()
    if category is None:
        return error(400, _("service_code is missing or unknown."))
    grids = scope_queryset(Grid.objects.select_related("branch"), user, EDIT)
    # A client working for one grid may leave address_id out.
    candidates = list(grids.filter(code=data["address_id"]) if data.get("address_id") else grids[:2])
    if len(candidates) != 1:
        return error(400, _("address_id must be the code of a grid you may report in."))
    grid = candidates[0]
    try:
        report = services.report_file(
            user=user, grid=grid, category=category, description=data.get("description", ""),
            location=data.get("address_string", ""), source=Source.OPEN311,
        )
    except ValidationError as exc:
        return error(400, " ".join(exc.messages))
    except PermissionDenied as exc:
        return error(403, str(exc))
    body = [{"service_request_id": str(report.pk), "service_notice": "", "account_id": None}]
    return JsonResponse(body, status=201, safe=False)


@csrf_exempt  # key-authenticated clients only: sessions cannot POST here (see _client)
@open311
def requests_view(request, user):
    if request.method == "POST":
        return _create(request, user)
    if request.method == "GET":
        return _list(request, user)
    return error(405, _("Use GET or POST."))


@require_GET
@open311
def request_view(request, user, pk: int):
    report = selectors.report_list(user=user).prefetch_related("photos", "events").filter(pk=pk).first()
    if report is None:
        return error(404, _("No service request has this id."))
    return JsonResponse([request_json(report, request)], safe=False)

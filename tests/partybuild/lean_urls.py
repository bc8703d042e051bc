"""Views for tests/partybuild/test_lean_requests.py: each records whether it ran in a transaction,
and one writes, then fails."""

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from organizations.models import Organization


@csrf_exempt
def in_transaction(request):
    return JsonResponse({"atomic": connection.in_atomic_block})


@csrf_exempt
@transaction.non_atomic_requests
def marked_non_atomic(request):
    return JsonResponse({"atomic": connection.in_atomic_block})


@csrf_exempt
def write_then_fail(request):
    Organization.objects.filter(code=request.POST["code"]).update(name="改名未成")
    if request.POST.get("fail"):
        raise RuntimeError("the view failed after its write")
    return HttpResponse("ok")


urlpatterns = [
    path("atomic/", in_transaction),
    path("non-atomic/", marked_non_atomic),
    path("write/", write_then_fail),
]

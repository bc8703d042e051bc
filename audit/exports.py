"""Exports in full: the one way a file leaves with personal data unmasked, as a recorded bulk reveal.

An export view hands its scoped, filtered rows to :func:`export_with_purpose`. A plain download
(GET) is masked for every role. Asking for the file in full (``?reveal=1``) shows a form for the
purpose; posting it records one access per record in the file
(``audit.services.personal_data_reveal_bulk``) and only then writes the file unmasked. Roles that
may not reveal every row get a 403 or the form's refusal, never a file in full.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from partybuild.client_ip import client_ip

from . import policy, services
from .forms import PurposeForm

REVEAL_PARAM = "reveal"


def wants_full_export(request) -> bool:
    return request.method == "POST" or request.GET.get(REVEAL_PARAM) == "1"


def export_with_purpose(
    request, *, rows: QuerySet, fields: Sequence[str], respond: Callable[[QuerySet | list, bool], HttpResponse],
    records: Callable[[list], list[Model]] = list, limit: int | None = None,
) -> HttpResponse:
    """``respond(rows, show_personal)`` masked, or in full once the purpose is given and recorded.

    ``records(rows)`` names the records whose ``fields`` the file shows (the rows themselves, or
    e.g. each needy household's household); ``limit`` is the most rows the file holds.
    """
    if not wants_full_export(request):
        return respond(rows, False)
    if not policy.may_reveal_somewhere(request.user):
        raise PermissionDenied(_("Your role may not reveal personal data here."))
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        loaded = list(rows if limit is None else rows[:limit])
        try:
            services.personal_data_reveal_bulk(
                user=request.user, objs=records(loaded), fields=fields, ip_address=client_ip(request),
                **form.cleaned_data,
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return respond(loaded, True)
    count = rows.count()
    return render(request, "audit/export_purpose.html", {
        "form": form, "count": count if limit is None else min(count, limit),
    })

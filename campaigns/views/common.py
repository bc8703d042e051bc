"""What the campaign pages share: the year asked for and the page size."""

from __future__ import annotations

from django.utils import timezone

PAGE_SIZE = 25


def year_of(request) -> int:
    """``?year=`` when it is a plausible year, else this year."""
    today = timezone.localdate()
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= today.year + 1 else today.year


def flash_errors(request, exc) -> None:
    from django.contrib import messages

    for message in getattr(exc, "messages", [str(exc)]):
        messages.error(request, message)

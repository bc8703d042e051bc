"""Writes made after a request, in the thread that served it, are not put on that request's user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partybuild.locking import _context_actor


@pytest.mark.django_db
def test_the_request_user_is_no_longer_the_actor_once_the_request_ended(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).status_code == 200
    # django-auditlog's own middleware left alice here for every later write of this thread.
    assert _context_actor() is None

"""API token authentication whose tokens expire (issue #15).

DRF's tokens never expire and survive a password change. Here a token authenticates only while
it is younger than ``API_TOKEN_TTL_HOURS``, newer than its user's last password change, and its
user is active; the check runs on every request, so it holds whichever way the password was
changed or the account closed, even if a path forgot to delete the token.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_is_current(token: Token) -> bool:
    """Young enough, and issued after the user last changed (or lost) their password."""
    if token.created <= timezone.now() - timedelta(hours=settings.API_TOKEN_TTL_HOURS):
        return False
    changed = token.user.password_changed_at
    return changed is None or token.created > changed


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)  # refuses unknown keys and inactive users
        if not token_is_current(token):
            raise exceptions.AuthenticationFailed(_("This token has expired; request a new one."))
        return user, token

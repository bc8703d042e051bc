"""Writes for accounts: passwords, deactivation and API tokens.

A password change or a deactivation deletes the account's API tokens at once; the token check in
accounts.authentication refuses stale tokens anyway, for the paths that do not come through here.
"""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from partybuild import scoping
from partybuild.admin_scoping import user_queryset

from .authentication import token_is_current
from .models import Role, User


def may_manage_account(user: User, target: User) -> bool:
    """Superusers manage every account; district administrators those in their area, except
    superusers' accounts. Everyone manages their own password (see ``user_set_password``)."""
    if not (user.is_active and user.is_staff):
        return False
    if scoping.is_unrestricted(user):
        return True
    if target.is_superuser or not scoping.has_any_role(user, Role.DISTRICT_ADMIN):
        return False
    return user_queryset(user).filter(pk=target.pk).exists()


def api_tokens_revoke(*, target: User) -> int:
    return Token.objects.filter(user=target).delete()[0]


@transaction.atomic
def user_set_password(*, user: User, target: User, password: str | None) -> User:
    """Set ``target``'s password (``None``: no password login at all) and void their tokens."""
    if user.pk != target.pk and not may_manage_account(user, target):
        raise PermissionDenied(_("You may not change this account's password."))
    if password is None:
        target.set_unusable_password()
    else:
        validate_password(password, target)
        target.set_password(password)
    target.save(update_fields=["password", "password_changed_at"])
    api_tokens_revoke(target=target)
    return target


@transaction.atomic
def user_deactivate(*, user: User, target: User) -> User:
    """Close an account: it can no longer log in, and its API tokens are deleted."""
    if not may_manage_account(user, target):
        raise PermissionDenied(_("You may not deactivate this account."))
    if target.is_active:
        target.is_active = False
        target.save(update_fields=["is_active"])
    api_tokens_revoke(target=target)
    return target


@transaction.atomic
def api_token_issue(*, user: User) -> Token:
    """The user's API token: the current one, or a new one in place of one that expired or
    predates their last password change (DRF keeps one token per user)."""
    token = Token.objects.select_related("user").filter(user=user).first()
    if token is not None and token_is_current(token):
        return token
    api_tokens_revoke(target=user)
    return Token.objects.create(user=user)

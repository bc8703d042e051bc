"""API tokens die with the password they were issued under, with the account, and after a day
(issue #15: tokens survived a password reset and a deactivation, and never expired)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.services import user_deactivate, user_set_password
from tests.conftest import PASSWORD

NEW_PASSWORD = "Xinmima#2027wuchang"
GRIDS = "/api/v1/grids/"


def staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def token_for(username: str, password: str = PASSWORD) -> str:
    response = APIClient().post(reverse("api-token"), {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def get_with(token: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(GRIDS)


def assert_refused(response, reason: str = "") -> None:
    # Session authentication comes first and sends no challenge, so DRF answers 403, not 401.
    assert response.status_code == 403, response.content
    assert reason in response.json()["detail"]


def test_a_fresh_token_works(gina):
    assert get_with(token_for("gina")).status_code == 200


def test_token_stops_working_after_the_user_changes_their_password_in_the_portal(client, gina):
    token = token_for("gina")
    client.force_login(gina)
    response = client.post(reverse("password-change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert_refused(get_with(token))
    assert not Token.objects.filter(user=gina).exists()
    assert client.get(reverse("home")).status_code == 200  # the session itself stays signed in


def test_token_stops_working_after_an_administrator_sets_a_new_password(client, dana, gina):
    token = token_for("gina")
    client.force_login(staff(dana))
    url = reverse("admin:auth_user_password_change", args=[gina.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_refused(get_with(token))
    gina.refresh_from_db()
    assert gina.check_password(NEW_PASSWORD)


def test_a_district_admin_cannot_set_a_superusers_password(dana, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password=PASSWORD)
    with pytest.raises(PermissionDenied, match="无权修改该账号的密码"):
        user_set_password(user=staff(dana), target=boss, password=NEW_PASSWORD)


def test_token_stops_working_after_a_password_change_made_outside_the_services(gina):
    # e.g. `manage.py changepassword` or Django's password reset: set_password and save only.
    token = token_for("gina")
    gina.set_password(NEW_PASSWORD)
    gina.save()
    assert Token.objects.filter(key=token).exists()
    assert_refused(get_with(token), "令牌已失效")


def test_token_stops_working_when_the_account_is_deactivated_in_the_admin(client, dana, gina):
    token = token_for("gina")
    client.force_login(staff(dana))
    url = f"/admin/accounts/user/{gina.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "is_active"}
    data.update({"username": "gina", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                 "roles-TOTAL_FORMS": 0, "roles-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    gina.refresh_from_db()
    assert not gina.is_active
    assert not Token.objects.filter(user=gina).exists()
    assert_refused(get_with(token))


def test_deactivation_service_revokes_tokens(dana, gina):
    token_for("gina")
    user_deactivate(user=staff(dana), target=gina)
    assert not Token.objects.filter(user=gina).exists()


def test_token_expires_after_the_configured_hours_and_a_new_one_is_issued(gina, settings):
    settings.API_TOKEN_TTL_HOURS = 24
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        token = token_for("gina")
        traveller.shift(timedelta(hours=23, minutes=59))
        assert get_with(token).status_code == 200
        traveller.shift(timedelta(minutes=2))
        assert_refused(get_with(token), "令牌已失效")
        renewed = token_for("gina")
        assert renewed != token and get_with(renewed).status_code == 200


def test_logging_in_again_keeps_a_current_token(gina):
    assert token_for("gina") == token_for("gina")

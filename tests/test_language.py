"""The interface is Chinese by default; English only when the user chooses it."""

import pytest
from django.conf import settings
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_browser_still_gets_the_chinese_portal(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.django_db
def test_choosing_english_in_the_menu_switches_the_interface(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(reverse("login"))
    assert '<html lang="zh-hans">' in response.content.decode()

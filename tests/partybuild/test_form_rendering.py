"""Widgets rendered in Python (partybuild.form_rendering) are byte for byte what Django's templates write."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django import forms
from django.forms.renderers import get_default_renderer
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from partybuild import form_rendering
from partybuild.forms import PortalFormRenderer, bootstrapify
from tests.organizations.factories import MemberFactory


@pytest.fixture
def renderer():
    renderer = get_default_renderer()
    assert isinstance(renderer, PortalFormRenderer)
    assert form_rendering.SELECT in renderer.python_widgets
    assert "django/forms/widgets/date.html" in renderer.python_widgets
    return renderer


def _both(renderer, widget, name, value, monkeypatch):
    # The Python path is the one taken (not the engine twice).
    assert form_rendering.render(widget.template_name, widget.get_context(name, value, None)) is not None
    fast = widget.render(name, value, renderer=renderer)
    with monkeypatch.context() as m:
        m.setattr(form_rendering, "render", lambda *a, **k: None)
        slow = widget.render(name, value, renderer=renderer)
    return fast, slow


CHOICES = [("", "—"), (1, "一"), ("b", "<b>粗</b> & \"引号\""), (3, gettext_lazy("Status"))]
GROUPED = [("甲组", [(1, "一"), (2, "二")]), ("", [(3, "三")]), (4, "四")]

WIDGETS = [
    (forms.TextInput(), None), (forms.TextInput(), ""), (forms.TextInput(), "<script>&'\""),
    (forms.TextInput(), mark_safe("<i>safe</i>")), (forms.TextInput(), 1234567), (forms.TextInput(), ("a", "b")),
    (forms.TextInput(attrs={"required": True, "disabled": False, "data-x": None, "class": "form-control"}), "x"),
    (forms.NumberInput(attrs={"min": 0, "step": 0.5}), 12.5), (forms.EmailInput(), "a@b.cn"),
    (forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), dt.date(2026, 12, 2)),
    (forms.DateInput(), dt.date(2026, 12, 2)), (forms.PasswordInput(), "secret"), (forms.URLInput(), "http://x/?a=1&b=2"),
    (forms.Select(choices=CHOICES), None), (forms.Select(choices=CHOICES), 1), (forms.Select(choices=CHOICES), "b"),
    (forms.Select(choices=GROUPED, attrs={"class": "form-select", "autofocus": True}), 2),
    (forms.SelectMultiple(choices=GROUPED), [1, 3]), (forms.NullBooleanSelect(), True),
    (forms.NullBooleanSelect(), None),
    (forms.Select(choices=[]), None),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS, ids=lambda x: type(x).__name__ if isinstance(x, forms.Widget)
                         else repr(x)[:20])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_widget_renders_as_its_template_does(renderer, widget, value, language, monkeypatch, settings):
    settings.USE_THOUSAND_SEPARATOR = True  # localised labels would show it
    with translation.override(language):
        fast, slow = _both(renderer, widget, "field", value, monkeypatch)
    assert fast == slow


def test_a_custom_option_template_goes_to_the_engine():
    class Custom(forms.Select):
        option_template_name = "portal/custom_option.html"

    context = Custom(choices=[(1, "一")]).get_context("f", 1, None)
    assert form_rendering.render(form_rendering.SELECT, context) is None


def test_a_value_the_template_would_call_goes_to_the_engine():
    context = forms.TextInput().get_context("f", None, None)
    context["widget"]["attrs"]["data-x"] = lambda: "called"
    assert form_rendering.render("django/forms/widgets/text.html", context) is None


def test_an_overridden_widget_template_turns_the_python_path_off(monkeypatch):
    renderer = PortalFormRenderer()
    real = renderer.get_template

    def get_template(name):
        if name.endswith("/attrs.html"):
            return SimpleNamespace(template=SimpleNamespace(origin=SimpleNamespace(name="/project/attrs.html")))
        return real(name)

    monkeypatch.setattr(renderer, "get_template", get_template)
    assert renderer.python_widgets == frozenset()


def _strip_per_request(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


PAGES = ["/reports/", "/organizations/members/", "/meetings/", "/campaigns/grades/", "/admin/organizations/member/",
         "/admin/organizations/member/add/", "/admin/reports/gridreport/"]


def test_whole_pages_are_unchanged(client, alice, tree, monkeypatch):
    MemberFactory(name="李红", branch=tree.g1)
    alice.is_staff = True
    alice.save()
    client.force_login(alice)
    compared = 0
    for url in PAGES:
        fast = client.get(url)
        with monkeypatch.context() as m:
            m.setattr(form_rendering, "render", lambda *a, **k: None)
            slow = client.get(url)
        assert fast.status_code == slow.status_code, url
        if fast.status_code == 200:
            compared += 1
            assert "<select" in fast.content.decode() or "<input" in fast.content.decode()
            assert _strip_per_request(fast.content.decode()) == _strip_per_request(slow.content.decode()), url
    assert compared >= 5


def test_a_bootstrapped_filter_form_is_unchanged(renderer, monkeypatch):
    class F(forms.Form):
        q = forms.CharField(required=False)
        status = forms.ChoiceField(choices=CHOICES, required=False)
        day = forms.DateField(required=False, widget=forms.DateInput())

    form = bootstrapify(F({"q": "<x>", "status": "b", "day": "2026-12-02"}))
    fast = str(form)
    with monkeypatch.context() as m:
        m.setattr(form_rendering, "render", lambda *a, **k: None)
        slow = str(form)
    assert fast == slow

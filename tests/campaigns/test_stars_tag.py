"""``{% stars n %}``: a grade as five stars, named for screen readers in the page's language."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize("n", [0, 1, 3, 5])
def test_n_of_five_stars_filled(n):
    html = Template("{% load campaigns %}{% stars n %}").render(Context({"n": n}))
    assert html.count("★") == n and html.count("☆") == 5 - n
    assert html.startswith('<span class="text-warning" aria-label=')


def test_an_empty_grade_is_five_empty_stars():
    assert Template("{% load campaigns %}{% stars None %}").render(Context()).count("☆") == 5


def test_the_label_is_translated_and_plural():
    render = lambda n: Template("{% load campaigns %}{% stars n %}").render(Context({"n": n}))  # noqa: E731
    with translation.override("en"):
        assert 'aria-label="1 star"' in render(1) and 'aria-label="4 stars"' in render(4)
    with translation.override("zh-hans"):
        label = render(4).split('aria-label="')[1].split('"')[0]
        assert "4" in label and "stars" not in label


@pytest.mark.parametrize(("grade", "before", "shown"), [
    (None, 3, "—"), (4, None, "first grade"), (5, 3, "▲ up from 3"), (2, 4, "▼ down from 4"), (3, 3, "unchanged"),
])
@pytest.mark.parametrize("of_member", [True, False])
def test_the_movement_against_last_year(grade, before, shown, of_member):
    from types import SimpleNamespace

    row = SimpleNamespace(grade=grade, member_id=7 if of_member else None,
                          previous_member_grade=before if of_member else 1,
                          previous_org_grade=1 if of_member else before)
    with translation.override("en"):
        html = Template("{% load campaigns %}{% grade_movement g %}").render(Context({"g": row}))
    assert shown in html

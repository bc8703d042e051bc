"""How many ID numbers fit what a role without reveal rights sees of one person (issue 7, #19).

A street official's own view is masked: they see a member on the member page, the list, the edit
form, the admin, the API and the export. Everything shown there about the ID number (the masked
number, the age, the gender) is collected from the responses themselves, then every GB 11643
number consistent with it is enumerated, assuming the worst: the attacker knows the district's
full 6-digit region code. At least 1,000 numbers must remain.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from organizations.validators import id_check_char
from partybuild.personal import age_on
from tests.organizations.factories import MemberFactory, valid_id_number

from .conftest import REPORT

MASKED_ID = re.compile(r"\b\d{2}\*{15}[\dX]\b")
MIN_CANDIDATES = 1000


@pytest.fixture
def member(tree):
    birth = dt.date(1980, 5, 17)
    # Sequence 123: odd, as GB 11643 gives men, so the true number is among the candidates.
    return MemberFactory(name="李红", gender="M", birth_date=birth, id_number=valid_id_number(birth, seq=123),
                         branch=tree.g1)


def what_alice_sees(client, alice, member) -> dict[str, str]:
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    client.force_login(alice)
    api = APIClient()
    api.force_authenticate(alice)
    pages = {
        "member page": reverse("organizations:member-detail", args=[member.pk]),
        "member list": reverse("organizations:member-list") + f"?q={member.name}",
        "edit form": reverse("organizations:member-edit", args=[member.pk]),
        "admin list": reverse("admin:organizations_member_changelist"),
        "admin change": reverse("admin:organizations_member_change", args=[member.pk]),
        "export": reverse("imports:member-export") + "?format=csv",
    }
    seen = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        seen[name] = response.getvalue().decode("utf-8-sig")  # the CSV export streams
    response = api.get(reverse("member-detail", args=[member.pk]))
    assert response.status_code == 200
    seen["api"] = response.content.decode()
    return seen


def candidates(*, region: str, masked: str, male: bool, age: int, today: dt.date) -> list[str]:
    """Every valid number with this region code that matches the mask, the gender and the age today."""
    found = []
    day = dt.date(today.year - age - 1, today.month, 1) - dt.timedelta(days=31)
    last = dt.date(today.year - age, 12, 31)
    while day <= last:
        if age_on(day, today) == age:
            head = f"{region}{day:%Y%m%d}"
            for seq in range(1 if male else 0, 1000, 2):
                first17 = f"{head}{seq:03d}"
                number = first17 + id_check_char(first17)
                if all(m == "*" or m == c for m, c in zip(masked, number, strict=True)):
                    found.append(number)
        day += dt.timedelta(days=1)
    return found


def test_a_street_official_sees_too_little_to_narrow_an_id_number_below_1000(client, alice, member):
    seen = what_alice_sees(client, alice, member)
    birth = member.birth_date
    for name, text in seen.items():
        assert member.id_number not in text, name
        # The birth date, in any of the shapes a page or a file might print it.
        for shape in (f"{birth:%Y-%m-%d}", f"{birth:%Y%m%d}", f"{birth:%Y/%m/%d}", f"{birth.year}年{birth.month}月"):
            assert shape not in text, (name, shape)
    masks = {m for text in seen.values() for m in MASKED_ID.findall(text)}
    assert len(masks) == 1, masks  # the same mask everywhere: no two views to combine
    masked = masks.pop()
    api = APIClient()
    api.force_authenticate(alice)
    shown = api.get(reverse("member-detail", args=[member.pk])).json()
    age, male = shown["age"], shown["gender"] == "M"
    assert "birth_date" not in shown
    today = timezone.localdate()

    found = candidates(region=member.id_number[:6], masked=masked, male=male, age=age, today=today)

    assert member.id_number in found  # the enumeration is sound: the true number fits
    REPORT.append(f"ID candidates left to a street official (mask {masked}, age {age}, gender, known region "
                  f"code): {len(found):,}")
    print(f"\n{len(found):,} candidate ID numbers fit what a street official sees (at least {MIN_CANDIDATES:,})")
    assert len(found) >= MIN_CANDIDATES


def test_the_old_mask_with_the_birth_date_would_have_left_a_handful(member):
    # The figure that made this a hole: 8 characters of the number and the birth date in clear.
    old_mask = member.id_number[:4] + "*" * 10 + member.id_number[-4:]
    today = timezone.localdate()
    found = [n for n in candidates(region=member.id_number[:6], masked=old_mask, male=True,
                                   age=age_on(member.birth_date, today), today=today)
             if n[6:14] == f"{member.birth_date:%Y%m%d}"]
    assert member.id_number in found and len(found) <= 2

"""Builders of property records for the tests: plain functions over the services' models, with
valid unified social credit codes made from a running number."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from estates.models import ManagementMode, PropertyCompany, ServiceItem, ServiceUnit, UnitCompanyPeriod
from estates.validators import credit_check_char

_seq = itertools.count(1)


def credit_code(n: int | None = None) -> str:
    """A valid code: 9142010 + a ten-digit number + its check character."""
    body = f"9142010{n if n is not None else next(_seq):010d}"
    return body + credit_check_char(body)


def make_company(registrar, name: str = "红枫物业", **extra) -> PropertyCompany:
    extra.setdefault("credit_code", credit_code())
    return PropertyCompany.objects.create(registrar=registrar, name=name, **extra)


def make_unit(community, company=None, name: str = "西城壕小区", households: int = 100, **extra) -> ServiceUnit:
    mode = extra.pop("management_mode", ManagementMode.COMPANY if company else ManagementMode.SELF_MANAGED)
    extra.setdefault("code", f"U{next(_seq)}")
    unit = ServiceUnit.objects.create(
        community=community, company=company, name=name, households=households, management_mode=mode, **extra
    )
    UnitCompanyPeriod.objects.create(unit=unit, management_mode=mode, company=company, started_on=dt.date(2024, 1, 1))
    return unit


def make_item(owner, name: str = "疏通下水道", fee: str = "50") -> ServiceItem:
    return ServiceItem.objects.create(owner=owner, name=name, fee=Decimal(fee))

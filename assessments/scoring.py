"""Scoring rules (计分规则): from an indicator's value to its points, clamped to its weight.

A rule is written as one short text, the same in the form, the xlsx table and the API:

- ``target:95``               full points at or above 95, none below;
- ``band:60-95``              none at or below 60, full at or above 95, linear between;
- ``steps:60=50,80=80,95=100`` the share of the weight (percent) reached at each threshold;
- ``inverse_target:0``, ``inverse_band:0-10``, ``inverse_steps:10=50,5=80,0=100``: the same where
  fewer is better (overdue cases, complaints).

A missing value (no records at all) scores nothing: an organisation does not earn points for work
it did not record.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RULE_KINDS = ("target", "band", "steps", "inverse_target", "inverse_band", "inverse_steps")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    kind: str
    low: Decimal = Decimal(0)
    high: Decimal = Decimal(0)
    steps: tuple[tuple[Decimal, Decimal], ...] = ()

    @property
    def inverse(self) -> bool:
        return self.kind.startswith("inverse_")

    def share(self, value: Decimal) -> Decimal:
        """The share of the weight earned (0..1)."""
        base = self.kind.removeprefix("inverse_")
        if base == "target":
            hit = value <= self.low if self.inverse else value >= self.low
            return Decimal(1) if hit else Decimal(0)
        if base == "band":
            good, bad = (self.low, self.high) if self.inverse else (self.high, self.low)
            if good == bad:
                return Decimal(1) if (value <= good if self.inverse else value >= good) else Decimal(0)
            share = (value - bad) / (good - bad)
            return min(Decimal(1), max(Decimal(0), share))
        reached = [pct for threshold, pct in self.steps if (value <= threshold if self.inverse else value >= threshold)]
        return min(Decimal(1), max(reached, default=Decimal(0)) / 100)


def _number(text: str, rule: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("The scoring rule “%(rule)s” has “%(part)s” where a number belongs.") % {
            "rule": rule, "part": text.strip()}) from None


def parse_rule(text: str) -> Rule:
    """The rule written in ``text``; a ValidationError saying what is wrong otherwise."""
    rule = (text or "").strip().replace("：", ":").replace("，", ",")
    kind, sep, args = rule.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in RULE_KINDS:
        raise ValidationError(
            _("“%(rule)s” is not a scoring rule: write target:95, band:60-95, steps:60=50,80=100 or their "
              "inverse_ versions.") % {"rule": text}
        )
    base = kind.removeprefix("inverse_")
    if base == "target":
        return Rule(kind, low=_number(args, rule))
    if base == "band":
        low, dash, high = args.partition("-") if not args.strip().startswith("-") else ("", "", "")
        if not dash:
            raise ValidationError(_("A band is written as two values, low-high: band:60-95.") )
        low, high = _number(low, rule), _number(high, rule)
        if low > high:
            raise ValidationError(_("In a band the first value must not exceed the second (band:60-95)."))
        return Rule(kind, low=low, high=high)
    steps = []
    for part in args.split(","):
        threshold, eq, pct = part.partition("=")
        if not eq:
            raise ValidationError(_("Steps are written as threshold=percent pairs: steps:60=50,80=100."))
        pct = _number(pct, rule)
        if not 0 <= pct <= 100:
            raise ValidationError(_("A step's share is a percentage between 0 and 100."))
        steps.append((_number(threshold, rule), pct))
    return Rule(kind, steps=tuple(steps))


def points(rule: Rule, value: Decimal | None, weight: Decimal) -> Decimal:
    """Points for ``value`` under ``rule``, between 0 and ``weight``, to two decimals."""
    if value is None:
        return Decimal(0)
    earned = Decimal(weight) * rule.share(Decimal(value))
    return min(Decimal(weight), max(Decimal(0), earned)).quantize(TWO, ROUND_HALF_UP)

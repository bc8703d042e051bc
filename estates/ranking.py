"""The ranking of property companies (物业企业排名) and of compounds (和谐小区), per quarter.

Inputs of each company (or unit) in the quarter:

- ``rate``: complaints filed per 100 households it serves (H = households of its units);
- ``on_time``: the share of answered complaints answered by their deadline;
- ``repeat``: the share of its complaints marked as repeats;
- ``satisfaction``: residents satisfied / residents asked, over the quarter's surveys;
- ``inspection``: the mean score of the street inspections (0–100).

**Shrinkage.** A company serving few households has noisy figures: two complaints from 50
households is a rate of 4 but says little. Each input x is therefore pulled toward the district
mean m with the weight of the company's households against the district's ``prior_households`` K::

    w = H / (H + K)          x̃ = w · x + (1 − w) · m

A company with K households is scored half on its own figures and half on the mean; a company with
no data for an input (no survey, no answered complaint) gets the mean for it. The district means
are pooled: m(rate) = 100 · Σ complaints / Σ households, m(on_time) = Σ on-time / Σ answered,
m(repeat) = Σ repeats / Σ complaints, m(satisfaction) = Σ satisfied / Σ asked, and m(inspection)
the mean of all inspection scores.

**Score (0–100).** Each shrunk input becomes a 0–100 component where more is better::

    complaints   = 100 · max(0, 1 − x̃(rate) / (2 · m(rate)))   (100 at none, 50 at the mean; 100 if m = 0)
    on_time      = 100 · x̃(on_time)
    repeats      = 100 · (1 − x̃(repeat))
    satisfaction = 100 · x̃(satisfaction)
    inspection   = x̃(inspection)

and the score is the weighted mean of the components with the district's weights.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INPUTS = ("rate", "on_time", "repeat", "satisfaction", "inspection")


@dataclass
class Counts:
    """What the database counted for one company or unit in the quarter."""

    key: int
    name: str
    households: int = 0
    complaints: int = 0
    answered: int = 0
    on_time: int = 0
    repeats: int = 0
    asked: int = 0
    satisfied: int = 0
    inspections: int = 0
    inspection_total: int = 0


@dataclass
class Row:
    counts: Counts
    raw: dict[str, float | None] = field(default_factory=dict)
    shrunk: dict[str, float] = field(default_factory=dict)
    components: dict[str, float] = field(default_factory=dict)
    weight: float = 0.0
    score: float = 0.0
    rank: int = 0


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def raw_inputs(c: Counts) -> dict[str, float | None]:
    return {
        "rate": _ratio(100 * c.complaints, c.households),
        "on_time": _ratio(c.on_time, c.answered),
        "repeat": _ratio(c.repeats, c.complaints),
        "satisfaction": _ratio(c.satisfied, c.asked),
        "inspection": _ratio(c.inspection_total, c.inspections),
    }


def district_means(all_counts: list[Counts]) -> dict[str, float]:
    total = Counts(key=0, name="")
    for c in all_counts:
        for name in ("households", "complaints", "answered", "on_time", "repeats", "asked", "satisfied",
                     "inspections", "inspection_total"):
            setattr(total, name, getattr(total, name) + getattr(c, name))
    means = raw_inputs(total)
    # With no data at all, a neutral mean: no complaints, all on time, no repeats, all satisfied.
    defaults = {"rate": 0.0, "on_time": 1.0, "repeat": 0.0, "satisfaction": 1.0, "inspection": 100.0}
    return {k: (v if v is not None else defaults[k]) for k, v in means.items()}


def rank(all_counts: list[Counts], *, weights: dict[str, int], prior_households: int) -> tuple[list[Row], dict]:
    """Score and rank every company (or unit) of the district; returns the rows, best first, and
    the district means."""
    means = district_means(all_counts)
    total_weight = sum(weights.values()) or 1
    rows = []
    for c in all_counts:
        row = Row(counts=c, raw=raw_inputs(c))
        row.weight = c.households / (c.households + prior_households) if (c.households + prior_households) else 0.0
        for name in INPUTS:
            x = row.raw[name]
            row.shrunk[name] = means[name] if x is None else row.weight * x + (1 - row.weight) * means[name]
        rate_mean = means["rate"]
        row.components = {
            "complaints": 100.0 if rate_mean == 0 else 100 * max(0.0, 1 - row.shrunk["rate"] / (2 * rate_mean)),
            "on_time": 100 * row.shrunk["on_time"],
            "repeats": 100 * (1 - row.shrunk["repeat"]),
            "satisfaction": 100 * row.shrunk["satisfaction"],
            "inspection": row.shrunk["inspection"],
        }
        row.score = sum(weights[k] * row.components[k] for k in row.components) / total_weight
        rows.append(row)
    rows.sort(key=lambda r: (-r.score, r.counts.name, r.counts.key))
    for i, row in enumerate(rows, 1):
        row.rank = i
    return rows, means

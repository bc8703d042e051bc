"""A year of demo activity for this app, called by ``seed_demo`` after the tree is built."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

from organizations.models import Organization


def seed_activity(*, root: Organization, scale: str, rng: random.Random, fake: Faker, ref: date) -> dict[str, int]:
    """Create this app's demo rows under ``root``; return counts to print."""
    return {}

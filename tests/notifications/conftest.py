"""The report fixtures (a street station with dave, a category routed to it, gina's case in G1)
are shared with tests/reports; the rest comes from tests/conftest.py."""

from tests.reports.conftest import category, report, station  # noqa: F401

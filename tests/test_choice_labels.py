"""Choice labels in the API are ``partybuild.api_fields.ChoiceLabelField`` (a look-up per row), never
``CharField(source="get_FOO_display")`` (issue 9), and they say what ``get_FOO_display`` says."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

from venues.api.serializers import VenueSerializer
from venues.models import Venue, VenueKind
from volunteers.api.serializers import OrderSerializer
from volunteers.models import ServiceOrder

DISPLAY_SOURCE = re.compile(r"""source=["']get_\w+_display["']""")


def test_no_serializer_reads_a_label_through_get_display():
    root = Path(settings.BASE_DIR)
    offenders = [str(p.relative_to(root)) for p in root.glob("*/api/*.py") if DISPLAY_SOURCE.search(p.read_text())]
    assert offenders == []


def test_choice_labels_match_get_display_in_each_language():
    venue = Venue(kind=VenueKind.RED_POST)
    order = ServiceOrder(status=ServiceOrder._meta.get_field("status").choices[-1][0],
                         category=ServiceOrder._meta.get_field("category").choices[0][0])
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert VenueSerializer().fields["kind_label"].to_representation(venue.kind) == venue.get_kind_display()
            fields = OrderSerializer().fields
            assert fields["status_label"].to_representation(order.status) == order.get_status_display()
            assert fields["category_label"].to_representation(order.category) == order.get_category_display()
    assert VenueSerializer().fields["kind_label"].to_representation("gone") == "gone"

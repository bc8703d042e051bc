"""Every foreign-key input of the reports and volunteers APIs is looked up inside the user's area
(``partybuild.api_fields``); the only plain one is the district-wide list of report categories."""

from __future__ import annotations

import inspect

import pytest
from rest_framework import serializers

from partybuild.api_fields import ScopedPrimaryKeyRelatedField, ScopedSlugRelatedField
from reports.api import serializers as report_serializers
from volunteers.api import serializers as volunteer_serializers

# Inputs that hold no tenant data, with the reason.
DISTRICT_WIDE = {("ReportCreateSerializer", "category"): "report categories are district-wide configuration"}


def _input_fields():
    for module in (report_serializers, volunteer_serializers):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, serializers.Serializer) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls().fields.items():
                if field.read_only:
                    continue
                related = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
                yield name, field_name, related


RELATED = [
    (serializer, field, related) for serializer, field, related in _input_fields()
    if isinstance(related, serializers.RelatedField) and (serializer, field) not in DISTRICT_WIDE
]


def test_there_are_inputs_to_check():
    assert len(RELATED) >= 12


@pytest.mark.parametrize(("serializer", "field", "related"), RELATED, ids=[f"{s}.{f}" for s, f, _r in RELATED])
def test_every_related_input_is_scoped(serializer, field, related):
    assert isinstance(related, ScopedPrimaryKeyRelatedField | ScopedSlugRelatedField)


def test_no_id_is_taken_as_a_bare_integer():
    # Ids taken as IntegerField escape the scoped lookup (the unscoped Member lookup of the past).
    bare = [
        f"{serializer}.{field}" for serializer, field, related in _input_fields()
        if isinstance(related, serializers.IntegerField) and field in {
            "member", "team", "leader", "household", "volunteer", "shop", "grid", "department", "order", "volunteers",
        }
    ]
    assert bare == []

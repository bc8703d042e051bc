"""Read serializers that cost little per row (issue 9: "serializers that cost little per row").

DRF builds a ModelSerializer's fields on every request (model introspection, a field object per
column: about 3 ms for the 26 fields of a member), then walks every field of every row through
``get_attribute``/``to_representation``, which checks for mappings, callables and missing
attributes each time. :class:`FastReadMixin` gives the same output from a plan compiled once per
serializer class: a getter and a converter per field, chosen from the field's type.

- A plain column, an annotation or a property reads with ``operator.attrgetter``; a foreign key's
  primary key (``PrimaryKeyRelatedField``) from its ``<name>_id`` column, with no ``PKOnlyObject``.
- A dotted source through forward relations (``branch.code``) reads with one ``attrgetter``.
  Whenever a read fails (an empty relation on the way, an annotation the query lacks) the
  field's own ``get_attribute`` decides, so an absent value is left out or ``None`` exactly as
  DRF leaves it.
- ``SerializerMethodField`` calls the method on the serializer serving the request (its context
  is that request's); every other field converts with its own ``to_representation``, except the
  plain ``CharField``/``IntegerField``, which are ``str``/``int``.

Only flat read serializers may mix it in: a nested serializer, a hyperlinked or many-related
field would need the request's context inside the field, and is refused when the plan is built.
``tests/partybuild/test_api_fast.py`` compares every serializer that mixes it in with DRF's own
output, row by row.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from rest_framework import relations, serializers
from rest_framework.fields import SkipField

_PLANS: dict[type, tuple] = {}
_REFUSED = (serializers.BaseSerializer, relations.HyperlinkedRelatedField, relations.ManyRelatedField,
            serializers.HiddenField)


def _relation_chain(model, attrs: list[str]) -> bool:
    """Whether ``attrs`` walks forward relations of ``model`` to a value that is not a method (``branch.code``)."""
    for attr in attrs[:-1]:
        try:
            field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            return False
        model = field.related_model
    return not callable(getattr(model, attrs[-1], None))


def _getter(model, field) -> Callable:
    """The fast read of ``field``; it may raise AttributeError where DRF's own read decides instead."""
    attrs = field.source_attrs
    if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None and len(attrs) == 1:
        try:
            column = model._meta.get_field(attrs[0])
        except FieldDoesNotExist:
            column = None
        if column is not None and column.many_to_one:
            return operator.attrgetter(column.attname)
    if field.source == "*" or isinstance(field, relations.RelatedField):
        return field.get_attribute
    if len(attrs) == 1:
        # A method is called by DRF; a column, an annotation or a property is read.
        return field.get_attribute if callable(getattr(model, attrs[0], None)) else operator.attrgetter(attrs[0])
    if not _relation_chain(model, attrs):
        return field.get_attribute
    return operator.attrgetter(".".join(attrs))


def _converter(field) -> Callable | None:
    if type(field) is serializers.CharField:
        return str
    if type(field) is serializers.IntegerField:
        return int
    if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
        return None  # the getter already read the key
    return field.to_representation


def _compile(cls) -> tuple:
    prototype = cls(context={})
    model = prototype.Meta.model
    plan = []
    for name, field in prototype.fields.items():
        if field.write_only:
            continue
        if isinstance(field, _REFUSED):
            raise ImproperlyConfigured(f"{cls.__name__}.{name}: FastReadMixin serves flat serializers only")
        if isinstance(field, serializers.SerializerMethodField):
            plan.append((name, None, field.method_name, None))
            continue
        plan.append((name, _getter(model, field), _converter(field), field.get_attribute))
    return tuple(plan)


class FastReadMixin:
    """Mix into a flat read ``ModelSerializer`` (before it): its rows come out as DRF would write
    them, from a plan built once per class (see the module)."""

    def to_representation(self, instance):
        cls = type(self)
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _PLANS[cls] = _compile(cls)
        row = {}
        for name, get, convert, slow in plan:
            if get is None:
                row[name] = getattr(self, convert)(instance)
                continue
            try:
                try:
                    value = get(instance)
                except AttributeError:
                    # Missing (an empty relation on the way, an annotation the query lacks):
                    # DRF's own read decides between None, the default and leaving it out.
                    value = slow(instance)
            except SkipField:
                continue
            if value is None:
                row[name] = None
            elif convert is None:
                row[name] = value
            else:
                row[name] = convert(value)
        return row

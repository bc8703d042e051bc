"""Scope-matrix plant for the audit app: one reveal recorded on the planted member."""

from django.contrib.contenttypes.models import ContentType

from audit.models import PersonalDataAccess
from organizations.models import Member


def plant(*, pk, owner, org, marker, tree) -> None:
    PersonalDataAccess.objects.create(
        pk=pk, user=owner, content_type=ContentType.objects.get_for_model(Member), object_id=pk,
        object_repr=f"{marker}党员", field="phone", purpose="contact", purpose_detail=marker, organization=org,
    )

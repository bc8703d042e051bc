"""One S1-owned row of every scoped imports model for the scope matrix (tests/test_scope_matrix.py)."""

from __future__ import annotations

from imports.models import MemberTransferRequest
from organizations.models import Member


def plant(*, pk, owner, org, marker, tree) -> None:
    # A member of S1's planted branch, asked for by an import into S2: the request follows the member.
    MemberTransferRequest.objects.create(pk=pk, member=Member.objects.get(branch=org), to_org=tree.c3,
                                         name_in_file=f"{marker}导入", requested_by=owner)

"""The whole-root reader: figures of an organisation's subtree as any viewer of that whole subtree sees them.

Every statistics selector of the other apps takes a ``user`` and scopes through
``partybuild.scoping``. A dashboard asks them for the figures of one root the real user reaches
(``organization_roots``), on behalf of a reader whose one grant is that root with the view right.
The answer then depends on the root alone, not on who asks, so it can be cached per root and shared
by every user of the same area (two street officials of one street read one cached copy).
The reader is never saved, holds no right to change anything and is only handed to read selectors.
"""

from __future__ import annotations

from accounts.models import Role, User
from organizations.models import Organization
from partybuild.scoping import Grant


def root_reader(root: Organization) -> User:
    # pk 0 matches no row: the extra grants of department staff (``Department.staff``) find nothing.
    reader = User(pk=0, username=f"dashboard-reader-{root.pk}", is_active=True, is_superuser=False)
    reader._scope_grants = (Grant(Role.AUDITOR, root.path, root.pk, root.depth),)
    reader._clue_access_paths = ()
    return reader

"""Shared body of ``import_orgs`` and ``import_members``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from imports import parsing, running


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx or .csv file with the template's column titles")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--user", help="act with this user's rights (default: the superuser)")
        parser.add_argument("--rejected", help="where to write the rejected rows (default: FILE-rejected.xlsx)")

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user named {username!r}.")
            return user
        superusers = list(users.filter(is_superuser=True).order_by("pk")[:2])
        if len(superusers) != 1:
            # Acting as "some" superuser when there are several would blur the audit trail.
            raise CommandError("Pass --user USERNAME: the import needs an acting user "
                               f"({'no' if not superusers else 'more than one'} active superuser found).")
        return superusers[0]

    def handle(self, *args, file: str, dry_run: bool, user: str | None, rejected: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        actor = self._user(user)
        try:
            with path.open("rb") as fh:
                table = parsing.read_table(self.kind, fh, path.name)
            report = running.run_import(kind=self.kind, user=actor, table=table, dry_run=dry_run)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", None) or [str(exc)])) from exc
        if report.errors:
            for error in report.error_list():
                self.stderr.write(f"row {error['row']}: {error['reason']}")
            out = Path(rejected) if rejected else path.with_name(f"{path.stem}-rejected.xlsx")
            out.write_bytes(report.rejected_workbook())
            raise CommandError(f"{report.summary()} Rejected rows: {out}")
        self.stdout.write(self.style.SUCCESS(report.summary()))

"""``manage.py import_cadres FILE.xlsx --user USERNAME [--dry-run]``: import community cadres as
that user (their rights and area apply), all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cadres.importing import cadres_import


class Command(BaseCommand):
    help = "Import community cadres from an .xlsx file (the export's columns plus 社区编码)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="the account the import acts as")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path, user, dry_run, **options):
        translation.activate("zh-hans")
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"No active user {user!r}.")
        try:
            result = cadres_import(user=account, data=Path(path).read_bytes(), dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for error in result.errors:
            self.stderr.write(error)
        if result.errors:
            raise CommandError(f"{len(result.errors)} rows refused; nothing was imported.")
        self.stdout.write(f"{'Checked' if dry_run else 'Imported'} {result.created} cadres.")

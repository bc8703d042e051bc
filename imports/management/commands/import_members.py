"""``manage.py import_members FILE [--dry-run] [--user USERNAME]``: import party members."""

from imports.models import ImportKind

from ._import_base import ImportCommand


class Command(ImportCommand):
    help = "Import party members from an .xlsx or .csv file, all rows or none."
    kind = ImportKind.MEMBERS

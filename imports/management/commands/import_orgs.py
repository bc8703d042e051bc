"""``manage.py import_orgs FILE [--dry-run] [--user USERNAME]``: import party organisations."""

from imports.models import ImportKind

from ._import_base import ImportCommand


class Command(ImportCommand):
    help = "Import party organisations from an .xlsx or .csv file, all rows or none."
    kind = ImportKind.ORGANIZATIONS

"""``manage.py import_property FILE.xlsx [--user USERNAME] [--dry-run] [--rejected OUT.xlsx]``: import
property companies (sheet ``companies``) and service units (sheet ``units``), all or nothing, with
the acting user's rights; the same path as the import page (``imports``)."""

from estates.importing import KIND
from imports.management.commands._import_base import ImportCommand


class Command(ImportCommand):
    help = "Import property companies and service units from an .xlsx workbook (sheets companies and units)."
    kind = KIND

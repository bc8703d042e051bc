"""What an import found: the rows it rejected and why, and what it created."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partybuild.exports import safe_row

from .parsing import SourceRow, Table

Progress = Callable[[int], None]


def no_progress(_n: int) -> None:
    return None


@dataclass
class ImportReport:
    table: Table
    dry_run: bool = False
    # row number -> reasons, in the order found
    errors: dict[int, list[str]] = field(default_factory=dict)
    created: list = field(default_factory=list)
    # Instances that would be created (dry run) or were created, in file order.
    planned: list = field(default_factory=list)
    # Member rows passed on to the district as transfer requests: (row, member, registered member id).
    referred: list = field(default_factory=list)
    # Sentences the summary ends with (e.g. rows passed on to the district).
    notes: list[str] = field(default_factory=list)

    def reject(self, row: SourceRow, reason: str) -> None:
        reasons = self.errors.setdefault(row.number, [])
        if reason not in reasons:
            reasons.append(str(reason))

    def is_rejected(self, row: SourceRow) -> bool:
        return row.number in self.errors

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.table.rows)

    def error_list(self) -> list[dict]:
        return [{"row": n, "reason": "; ".join(r)} for n, r in sorted(self.errors.items())]

    def summary(self) -> str:
        if self.errors:
            return _(
                "%(bad)d of %(total)d rows were rejected; nothing was imported. Fix them and import the file again."
            ) % {"bad": len(self.errors), "total": self.total}
        if self.dry_run:
            text = _("Dry run: all %(total)d rows are valid; nothing was written.") % {"total": self.total}
        else:
            text = _("%(n)d records imported.") % {"n": len(self.created)}
        return " ".join([text, *self.notes])

    def rejected_workbook(self) -> bytes:
        """The rejected rows as the user wrote them, plus a reason column, to fix and import again."""
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "rejected"
        sheet.append(safe_row([*self.table.headers, self.table.reason_header]))
        for row in self.table.rows:
            if row.number in self.errors:
                cells = list(row.raw) + [None] * (len(self.table.headers) - len(row.raw))
                # The cells are the uploader's own text: exactly what a formula injection would use.
                sheet.append(safe_row([*cells, "; ".join(self.errors[row.number])]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def error_text(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    """Model validation messages as ``"field label: message"`` lines for the reason column."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    lines = []
    for name, messages in exc.message_dict.items():
        label = labels.get(name)
        lines.extend(f"{label}: {m}" if label else m for m in messages)
    return lines


def field_labels(model) -> dict[str, str]:
    return {f.name: str(f.verbose_name) for f in model._meta.get_fields() if hasattr(f, "verbose_name")}

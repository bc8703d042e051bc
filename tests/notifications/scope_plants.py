"""The scope matrix's notification: addressed to the planted branch's owner, whom no outsider is."""

from notifications.models import Kind, Notification


def plant(*, pk, owner, org, marker, tree) -> None:
    Notification.objects.create(
        pk=pk, recipient=owner, kind=Kind.REPORT_OVERDUE, title=f"{marker}通知", body=f"{marker}详情",
        url="/reports/", target_type="reports.gridreport", target_id=pk,
    )

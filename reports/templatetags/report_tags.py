"""The report panel on an organisation's page: its figures, read through the scoped selector."""

from django import template

from reports.selectors import report_stats

register = template.Library()


@register.inclusion_tag("reports/_org_panel_body.html", takes_context=True)
def report_panel(context, org):
    return {"org": org, "stats": report_stats(user=context["request"].user, org=org)}

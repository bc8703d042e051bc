from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns (星级争创, 六型社区, brands, 红黑榜)")
    nav_items = (NavItem(_("Star grades and campaigns"), "campaigns:grade-list", "campaigns",
                         active=("campaigns:",)),)
    todo_providers = ("campaigns.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("campaigns.StarGrade",)

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import computations, models  # noqa: F401 (computations register themselves)

        for model in (models.StarGrade, models.Designation, models.Brand, models.BoardEntry):
            audited(model)

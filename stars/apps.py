from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class StarsConfig(AppConfig):
    name = "stars"
    verbose_name = _("Star ratings (五星联创)")
    nav_items = (NavItem(_("Stars (五星联创)"), "stars:home", "campaigns", active=("stars:",)),)
    todo_providers = ("stars.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("stars.StarApplication",)

    def ready(self) -> None:
        # Steps are the application's own append-only timeline, so they are not logged twice.
        from partybuild.audit_registry import audited

        from . import computations, models  # noqa: F401 (computations register themselves)

        for model in (models.StarYear, models.StarDefinition, models.StarApplication, models.StarEvidence):
            audited(model)
        # Who objected is the district's to know (the objection's own page); the history does not say.
        audited(models.StarObjection, exclude_fields=["lodged_by"])

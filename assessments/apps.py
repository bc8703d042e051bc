from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessment")
    nav_items = (
        NavItem(_("Assessment"), "assessments:home", "campaigns", active=("assessments:",)),
        NavItem(_("My review sheets"), "assessments:my-reviews", "campaigns", active=("assessments:my-review",
                "assessments:review-sheet"), show="assessments.reviews.shows_review_menu"),
    )
    todo_providers = ("assessments.todo.todos",)
    # What the queues read (partybuild.todo: a change to these refreshes the cached list).
    todo_models = ("assessments.ReviewAssignment", "assessments.ReviewSheet")
    pickers = ("assessments.pickers.REVIEWERS",)

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        # The computations of the apps that predate this one fill the registry.
        from . import computations, models  # noqa: F401

        # Schemes, indicators and approvals are what people change; scores and runs are written
        # by the rollup (each run is its own record) and would flood the history.
        # Review tallies are the rollup's too; assignments and sheets are people's work.
        for model in (models.Scheme, models.Indicator, models.Result, models.LockException, models.Pairing,
                      models.ReviewAssignment, models.ReviewSheet):
            audited(model)

        # Records dated in an approved period (the models that declare ``period_field``) refuse changes.
        from partybuild.locking import register_period_lock

        from .locks import check_unlocked

        register_period_lock(check_unlocked)

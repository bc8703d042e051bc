from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from partybuild.nav import NavItem


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("Community cadres")
    nav_items = (NavItem(_("Community cadres"), "cadres:cadre-list", "people", active=("cadres:",)),)
    pickers = ("cadres.pickers.CADRES", "cadres.pickers.BUILDINGS", "cadres.pickers.IN_SERVICE_MEMBERS")

    def ready(self) -> None:
        from partybuild.audit_registry import audited

        from . import models

        for model in (models.CommunityCadre, models.SecretaryFile, models.TrainingCourse, models.Attendance,
                      models.MentorPair, models.LeaderPost, models.InServiceDuty, models.ConductLetter):
            audited(model)

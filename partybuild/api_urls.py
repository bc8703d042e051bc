"""The REST API under /api/v1/: one router collecting every app's viewsets."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from assessments.api.views import register as register_assessments
from cadres.api.views import register as register_cadres
from campaigns.api.views import register as register_campaigns
from cobuilding.api.views import register as register_cobuilding
from estates.api.views import register as register_estates
from grids.api.views import register as register_grids
from meetings.api.views import register as register_meetings
from notifications.api.views import register as register_notifications
from organizations.api.views import register as register_organizations
from orglife.api.views import register as register_orglife
from reports.api.views import register as register_reports
from services.api.views import register as register_services
from stars.api.views import register as register_stars
from supervision.api.views import register as register_supervision
from venues.api.views import register as register_venues
from volunteers.api.views import register as register_volunteers

router = DefaultRouter()
register_organizations(router)
register_grids(router)
register_reports(router)
register_services(router)
register_volunteers(router)
register_orglife(router)
register_cobuilding(router)
register_assessments(router)
register_venues(router)
register_supervision(router)
register_cadres(router)
register_stars(router)
register_campaigns(router)
register_notifications(router)
register_estates(router)
register_meetings(router)

urlpatterns = [
    path("", include("organizations.api.urls")),
    path("", include(router.urls)),
]

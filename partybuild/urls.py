from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from partybuild.pickers import pick_view

# The schema answers signed-in users only (SERVE_PERMISSIONS: anonymous clients get 403); the
# docs pages send anonymous browsers to the login page. Swagger UI's split view serves its start-up
# script as a file, so the strict CSP holds there; Redoc styles itself with inline <style> elements
# and searches in a blob: worker, so its page alone allows those.
api_docs = login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))
redoc_csp = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})
api_redoc = login_required(redoc_csp(SpectacularRedocView.as_view(url_name="api-schema")))

urlpatterns = [
    # Browsers ask for it on pages without an icon link (the admin, Redoc).
    path("favicon.ico", lambda request: redirect(static("favicon.svg"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pick/<slug:name>/", pick_view, name="pick"),
    path("api/v1/", include("partybuild.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("api/redoc/", api_redoc, name="api-redoc"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("grids/", include("grids.urls")),
    path("imports/", include("imports.urls")),
    path("reports/", include("reports.urls")),
    path("open311/v2/", include("reports.open311.urls")),
    path("ledgers/", include("services.urls")),
    path("volunteering/", include("volunteers.urls")),
    path("orglife/", include("orglife.urls")),
    path("cobuilding/", include("cobuilding.urls")),
    path("assessments/", include("assessments.urls")),
    path("venues/", include("venues.urls")),
    path("supervision/", include("supervision.urls")),
    path("cadres/", include("cadres.urls")),
    path("property/", include("estates.urls")),
    path("stars/", include("stars.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("notifications/", include("notifications.urls")),
    path("meetings/", include("meetings.urls")),
    path("workbooks/", include("workbooks.urls")),
    path("screen/", include("screens.urls")),
    path("", include("audit.urls")),
    path("dashboards/", include("dashboards.urls")),
]
# Uploaded files are never served from MEDIA_URL, not even in development: each has a download
# view that checks scope (partybuild.files).

# Styled error pages in the portal's language, with a way back (issue 8).
handler403 = "audit.errors.permission_denied"
handler404 = "audit.errors.page_not_found"
handler500 = "audit.errors.server_error"

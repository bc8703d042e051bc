from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("partybuild.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("admin/", admin.site.urls),
    path("", include("accounts.urls")),
    path("organizations/", include("organizations.urls")),
    path("grids/", include("grids.urls")),
    path("imports/", include("imports.urls")),
    path("reports/", include("reports.urls")),
    path("open311/v2/", include("reports.open311.urls")),
    path("ledgers/", include("services.urls")),
    path("volunteering/", include("volunteers.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("audit.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

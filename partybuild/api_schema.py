"""The OpenAPI schema's component names: one namespace for every app's serializers.

drf-spectacular names a component after its serializer class ("ReportSerializer" -> "Report"), so
two apps with a ``ReportSerializer`` collide. The apps that came after the first six each get their
name as a prefix ("CobuildingReport", "SupervisionReport"); the first six keep their names, which
API clients already use.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

UNPREFIXED_APPS = frozenset({"accounts", "organizations", "grids", "reports", "services", "volunteers",
                             "notifications", "audit", "imports", "partybuild"})


class PortalAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer, direction):
        name = super().get_serializer_name(serializer, direction)
        app = type(serializer).__module__.split(".", 1)[0]
        if app in UNPREFIXED_APPS:
            return name
        prefix = app.capitalize()
        return name if name.startswith(prefix) else f"{prefix}{name}"

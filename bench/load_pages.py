"""The pages the load benchmark drives (bench/load.py). Append a line to add one.

Each entry: (user, name, url). ``user`` is a key of ``USERS`` (the demo login the benchmark signs
in), ``url`` a format string over the context the benchmark builds from the city demo:
``{district_pk}``, ``{district_code}``, ``{street_pk}``, ``{street_code}``. A page whose URL names
a context key the demo lacks, or that answers 404 (not built yet), is reported, never fatal.
``target_ms`` says which p95 target (issue 9) a page is held to: the street official's pages and
API lists 150 ms, the district admin's whole-district pages 300 ms.
"""

USERS = {"street": "street", "district": "admin", "community": "secretary"}
TARGET_MS = {"street": 150, "district": 300, "community": 150}

# The baseline: a bare DRF endpoint served only by the benchmark's URLconf (bench/urls.py).
BASELINE = ("street", "bare DRF {ok: 1}", "/bench/ok/")

PAGES = [
    ("street", "API members list", "/api/v1/members/"),
    # The same rows, never from the cache (partybuild.api_cache builds a page with a search afresh;
    # an empty one filters nothing): what the first request for a page, or one after a change, costs.
    ("street", "API members list, uncached", "/api/v1/members/?q="),
    ("street", "API organisations list", "/api/v1/organizations/"),
    ("street", "home", "/"),
    ("street", "grid reports list", "/reports/"),
    ("street", "grid report statistics", "/reports/statistics/"),
    ("street", "ledgers home", "/ledgers/"),
    ("street", "admin member list", "/admin/organizations/member/"),
    ("street", "stars home", "/stars/"),
    ("street", "property home", "/property/"),
    ("street", "meetings home", "/meetings/"),
    ("street", "assessments home", "/assessments/"),
    ("district", "home", "/"),
    ("district", "district page", "/organizations/{district_pk}/"),
    ("district", "coverage API", "/api/v1/stats/coverage/?root={district_code}"),
    ("district", "grid report statistics", "/reports/statistics/?org={district_pk}"),
    ("district", "API members list", "/api/v1/members/"),
    ("district", "API members list, uncached", "/api/v1/members/?q="),
    ("district", "admin member list", "/admin/organizations/member/"),
    # Issue 15: the home page is the dashboard; the big screen polls its data endpoint.
    ("district", "dashboard (district)", "/"),
    ("street", "dashboard (street)", "/"),
    ("community", "dashboard (community)", "/"),
    ("street", "comparison (street)", "/dashboards/compare/"),
    ("street", "big screen data (street)", "/screen/{street_pk}/data/"),
    ("district", "big screen data (district)", "/screen/{district_pk}/data/"),
    # Issue 10: the public notice and the grades.
    ("street", "star notice", "/stars/notice/"),
    ("district", "star statistics API", "/api/v1/stats/stars/?root={district_code}"),
    ("street", "star grades", "/campaigns/grades/"),
]

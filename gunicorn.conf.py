"""gunicorn settings read by every gunicorn started from the project's folder (production, the load
benchmark); command-line options still win.

A worker holds about 260,000 objects once Django and the portal's URLconf are loaded, and they
live as long as the worker. Python's full garbage collection walks all of them: on the city demo
one request in about a hundred stalled 300 ms in it (the load benchmark's p99). The worker loads
its URLconf (every app's admin, API and views) before its first request and then freezes what it
holds (``gc.freeze()``), so later collections walk only what requests create.
"""

import gc


def post_worker_init(worker):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every app's URLs, admin and API)
    gc.collect()
    gc.freeze()

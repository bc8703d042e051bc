"""No writes: a dashboard only reads (``selectors.py``); its cache expires by itself (``CACHE_SECONDS``)."""

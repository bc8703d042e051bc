"""The client's IP address, for login throttling (django-axes) and the personal-data register.

Behind reverse proxies REMOTE_ADDR is the nearest proxy, and every client would share one
address: one person's typos would lock everyone out, and the register would name the proxy.
X-Forwarded-For carries the client, but anyone can send the header, so only the entries written
by our own proxies count: each proxy appends the address it was connected from, so with
``TRUSTED_PROXY_COUNT`` = n the client is the n-th entry from the right, and whatever the client
wrote itself lies further left and is ignored. The default, 0, trusts no header at all.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    # Fewer entries than proxies: the request did not come through all of them; trust no entry.
    if len(hops) < proxies:
        return remote
    return _valid(hops[-proxies]) or remote

"""Walk the portal as one user and try every button it offers them (tests/partybuild/test_role_buttons.py).

From the home page and the menu the walk opens each page once, then the pages those link to (a few
per kind of page). On every page it collects what a user can press: links, and forms that post. Each
link is opened (GET); each form is sent (POST, its own hidden fields, inside a transaction rolled
back afterwards so the walk changes nothing). A 403 means the page offered a button the role may not
press; a 500, a button that breaks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.db import transaction
from django.urls import Resolver404, resolve

# Not buttons of a record: signing out, switching language, the admin site, static files.
SKIP_PREFIXES = ("/logout", "/accounts/logout", "/i18n/", "/admin/", "/static/", "/media/", "/api/", "/open311/")
PER_KIND = 3  # pages opened per view (the first rows of a list stand for the rest)


@dataclass
class Button:
    method: str
    url: str
    data: dict = field(default_factory=dict)
    page: str = ""


class _Buttons(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.buttons: list[Button] = []
        self._form: Button | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.buttons.append(Button("get", urljoin(self.page, a["href"]), page=self.page))
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = Button(method, urljoin(self.page, a.get("action") or self.page), page=self.page)
        elif tag == "input" and self._form is not None and a.get("type") == "hidden" and a.get("name"):
            self._form.data[a["name"]] = a.get("value") or ""
        elif tag == "button" and self._form is not None and a.get("name"):
            self._form.data.setdefault(a["name"], a.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            if self._form.method == "post":
                self.buttons.append(self._form)
            self._form = None


def _internal(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _view_name(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return ""


def buttons_on(html: str, page: str) -> list[Button]:
    parser = _Buttons(page)
    parser.feed(html)
    return parser.buttons


def walk(client, start: list[str]) -> dict[str, list[str]]:
    """Refusals (and server errors) met: {"403 GET /url": [pages offering it]}, POST likewise."""
    client.raise_request_exception = False  # a button that fails is reported with the others
    refused: dict[str, list[str]] = defaultdict(list)
    pages_by_kind: dict[str, int] = defaultdict(int)
    tried: set[tuple[str, str]] = set()
    queue = [(url, 0, "(menu)") for url in start]
    opened: set[str] = set()
    while queue:
        url, depth, offered_on = queue.pop(0)
        if url in opened:
            continue
        opened.add(url)
        response = client.get(url)
        if response.status_code == 403 or response.status_code >= 500:
            refused[f"{response.status_code} GET {url}"].append(offered_on)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for button in buttons_on(response.content.decode(errors="replace"), url):
            target = _internal(button.url)
            if target is None or (button.method, target) in tried:
                continue
            tried.add((button.method, target))
            if button.method == "get":
                kind = _view_name(target)
                if depth < 1 and pages_by_kind[kind] < PER_KIND:
                    pages_by_kind[kind] += 1
                    queue.append((target, depth + 1, url))
                    continue
                status = client.get(target).status_code
            else:
                with transaction.atomic():
                    status = client.post(target, button.data).status_code
                    transaction.set_rollback(True)
            if status == 403 or status >= 500:
                refused[f"{status} {button.method.upper()} {target}"].append(url)
    return dict(refused)

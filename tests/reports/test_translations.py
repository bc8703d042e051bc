"""The report pages speak Chinese by default, with every string of the app's catalogue translated."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def test_every_zh_hans_message_is_translated():
    po = (Path(settings.BASE_DIR) / "reports/locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', po, re.M)
    untranslated = [mid for mid, mstr in entries[1:] if mstr.strip() == '""']
    assert len(entries) > 100 and untranslated == []
    assert "#, fuzzy" not in po


def test_filing_page_is_in_chinese_by_default(client, gina, category, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        client.force_login(gina)
        body = client.get(reverse("reports:create")).content.decode()
    assert "提交上报" in body and "问题描述" in body

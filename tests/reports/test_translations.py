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


def test_the_list_heads_the_report_number_as_a_number_not_a_quantity(client, alice, report, settings):
    # "Number" alone is 数量 (a count) in the ledgers' and the tree's workbooks; the report list
    # asks for it in its own context.
    settings.LANGUAGE_CODE = "zh-hans"
    with translation.override("zh-hans"):
        client.force_login(alice)
        body = client.get(reverse("reports:list")).content.decode()
    assert '<th scope="col">编号</th>' in body and '<th scope="col">数量</th>' not in body

"""Benchmark of a large xlsx export: peak memory and time of writing 100,000 rows through the
portal's workbook mechanism (``partybuild.workbooks``), laid out as the member export (title,
序号, 17 columns of Chinese text, dates and numbers, every cell through ``safe_cell``).

    .venv/bin/python bench/export.py [--rows 100000]

Runs in a process of its own (``bench/run.py`` starts it) so the peak resident memory it prints
is the export's, not the seeding's. Also writes the same rows as a streamed CSV.
Target (issue 15): a 100k-row export under 300 MB peak.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def member_rows(n: int):
    """Rows shaped like the member export's, generated (no database: the writer is measured)."""
    start = date(1950, 1, 1)
    for i in range(n):
        yield [f"党员{i}", "男" if i % 2 else "女", "汉族", "****-**-**", 30 + i % 50, f"42{'*' * 15}{i % 10}",
               f"138****{i % 10000:04d}", "大学本科", (start + timedelta(days=i % 20000)).isoformat(),
               "正式党员" if i % 7 else "预备党员", f"G{i % 900:04d}", f"中华路街道西城壕社区第{i % 40}网格党支部",
               "否", "=1+1" if i % 1000 == 0 else f"武汉市武昌区某单位{i % 300}", f"C{i % 60:03d}",
               (start + timedelta(days=i % 9000)).isoformat(), "正常"]


HEADERS = ["姓名", "性别", "民族", "出生日期", "年龄", "身份证号", "手机", "学历", "入党日期", "类别", "所在组织编码",
           "所在组织", "在职", "工作单位", "报到社区编码", "报到日期", "状态"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partybuild.settings")
    import django

    django.setup()
    from partybuild import workbooks

    before = peak_mb()
    started, cpu = time.perf_counter(), cpu_seconds()
    book = workbooks.Workbook()
    columns = [workbooks.Column(h, 14) for h in HEADERS]
    book.add_sheet(name="党员名册", title="武昌区委 党员名册", columns=columns, rows=member_rows(args.rows),
                   bordered=False)
    with tempfile.TemporaryFile() as out:
        book.save(out)
        size = out.tell()
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(f"\nexport xlsx {args.rows:,} rows x {len(HEADERS)} columns: {seconds:.1f} s "
          f"({cpu_seconds() - cpu:.1f} s CPU), "
          f"peak memory {peak:.0f} MB (process before the export {before:.0f} MB), file {size / 2**20:.1f} MiB, "
          f"sheets {book.sheets_written} (target: under 300 MB)")

    started, cpu = time.perf_counter(), cpu_seconds()
    response = workbooks.csv_response("x.csv", HEADERS, member_rows(args.rows))
    size = sum(len(chunk) for chunk in response.streaming_content)
    print(f"export csv  {args.rows:,} rows streamed: {time.perf_counter() - started:.1f} s "
          f"({cpu_seconds() - cpu:.1f} s CPU), "
          f"peak memory {peak_mb():.0f} MB, {size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

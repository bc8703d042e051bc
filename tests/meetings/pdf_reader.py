"""Read back what reportlab wrote: the page count and each page's text (no PDF library needed).

reportlab writes each page's content as an ASCII85 + Flate stream, and text in the CID font
STSong-Light (encoding UniGB-UCS2-H) as UTF-16BE literal strings shown with ``Tj``."""

from __future__ import annotations

import base64
import re
import zlib

STREAM = re.compile(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length \d+\s*>>\s*stream\r?\n(.*?)endstream", re.S)
SHOWN = re.compile(rb"\(((?:\\.|[^\\)])*)\) Tj", re.S)
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(literal: bytes) -> bytes:
    def one(match: re.Match) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8)])
        return SIMPLE.get(code, code)

    return ESCAPE.sub(one, literal)


def page_count(pdf: bytes) -> int:
    return int(re.search(rb"/Count (\d+)", pdf).group(1))


def page_texts(pdf: bytes) -> list[str]:
    """The text shown on each content stream (one per page, in order)."""
    texts = []
    for raw in STREAM.findall(pdf):
        content = zlib.decompress(base64.a85decode(raw.strip(), adobe=True))
        texts.append("".join(_unescape(s).decode("utf-16-be", "replace") for s in SHOWN.findall(content)))
    return texts

"""decode_html / decode_text on pages in the encodings Chinese sites really serve."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

from pipeline.decode import decode_html, decode_text

DATA = Path(__file__).parents[1] / "data/encodings"
TEXT = "泸州市与重庆市永川区签署合作协议，镕堃两地共建产业园区。"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>成渝合作</title></head><body><p>{body}</p></body></html>"


def test_gbk_without_charset_is_detected() -> None:
    got = decode_html((DATA / "gbk-no-charset.html").read_bytes())
    assert TEXT in got.text
    assert got.encoding == "gb18030" and got.detected and got.declared is None


def test_gb18030_char_outside_gbk() -> None:
    body = _page(TEXT + "𠀀", '<meta charset="gb18030">').encode("gb18030")
    got = decode_html(body)
    assert "𠀀" in got.text and not got.detected


def test_gb2312_declared_with_gbk_only_chars() -> None:
    body = _page(TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    got = decode_html(body.encode("gbk"))
    assert TEXT in got.text  # 镕 and 堃 are not in GB2312
    assert got.encoding == "gb18030" and got.declared == "gb2312" and not got.detected


def test_header_says_utf8_but_body_is_gbk() -> None:
    got = decode_html(_page(TEXT).encode("gbk"), "text/html; charset=utf-8")
    assert TEXT in got.text and got.detected and got.declared == "utf-8"


def test_meta_gbk_beats_latin1_header() -> None:
    body = _page(TEXT, "<meta charset=gbk>").encode("gbk")
    got = decode_html(body, "text/html; charset=iso-8859-1")
    assert TEXT in got.text and got.encoding == "gb18030"


def test_big5_traditional() -> None:
    got = decode_html((DATA / "big5-no-charset.html").read_bytes())
    assert "臺灣與香港的繁體中文新聞" in got.text
    assert got.encoding in {"big5", "cp950", "big5hkscs"}


def test_boms() -> None:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        got = decode_html(bom + _page(TEXT).encode(codec), "text/html; charset=gbk")
        assert TEXT in got.text and got.encoding == codec and not got.text.startswith("\ufeff")


def test_truncated_multibyte_tail() -> None:
    for codec in ("utf-8", "gbk"):
        body = (_page(TEXT) + "协").encode(codec)[:-1]
        got = decode_html(body, f"text/html; charset={codec}")
        assert TEXT in got.text and "\ufffd" not in got.text


def test_garbage_never_raises() -> None:
    for body in (b"", b"\xff\xfe\x00", bytes(range(256)) * 3, b"\x80\x81\xfe\xff abc \xc3"):
        assert isinstance(decode_html(body).text, str)
        assert isinstance(decode_text(body).text, str)


def test_decode_text_plain_files() -> None:
    assert decode_text(TEXT.encode("gb18030")).text == TEXT
    assert decode_text(TEXT.encode("utf-8")).encoding == "utf-8"
    assert decode_text(codecs.BOM_UTF8 + TEXT.encode()).text == TEXT


def test_declared_utf8_100kb_is_fast() -> None:
    body = _page(TEXT * 1200, '<meta charset="utf-8">').encode("utf-8")
    assert len(body) > 100_000
    decode_html(body)
    start = time.perf_counter()
    for _ in range(20):
        decode_html(body, "text/html; charset=utf-8")
    assert (time.perf_counter() - start) / 20 < 0.005

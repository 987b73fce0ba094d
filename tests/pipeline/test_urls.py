from __future__ import annotations

import pytest

from pipeline.urls import canonical_url


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.cqnews.net/a/content_1.htm", "http://cqnews.net/a/content_1.htm"),
        ("http://m.cqnews.net/a/content_1.htm", "http://www.cqnews.net/a/content_1.htm"),
        ("http://x.cn/a?utm_source=wx&id=3&spm=a.b", "http://x.cn/a?id=3"),
        ("http://x.cn/a?b=2&a=1", "http://x.cn/a?a=1&b=2"),
        ("http://x.cn/news/index.html", "http://x.cn/news/"),
        ("http://x.cn/a.html#comments", "http://x.cn/a.html"),
        ("HTTP://X.CN:80/a.html", "http://x.cn/a.html"),
    ],
)
def test_spellings_of_one_page_fold_together(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("http://x.cn/a?id=3", "http://x.cn/a?id=4"),
        ("http://x.cn:8080/a", "http://x.cn/a"),
        ("http://x.cn/a/index_2.html", "http://x.cn/a/"),
        ("http://news.x.cn/a", "http://x.cn/a"),
    ],
)
def test_different_pages_stay_apart(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)

"""`sources add` inference accuracy on generated list pages of real Chinese CMS URL shapes.

    python bench/sources_infer.py [--seeds 5]

For each CMS shape (tests/crawlers/cms_pages.py: TRS WCM, content_N.htm, show.php?itemid=,
/a/YYYY/MMDD/N.html, /detail/N.html, ?id=, 人民网 /n2/, e-paper .shtml, 四川 site cluster
<hex>.shtml, Hanweb art_, 达州 articlist_, Founder e-paper, WordPress, 华龙网 detail) and
page variants (first page of 20, page 2, a short page of 4), cluttered with navigation,
column menus, topic banners, carousel, pager, sidebar, friend links and footer, it reports
articles found / articles on the page, navigation pages wrongly taken for articles, unseen
articles of other days the patterns still match, and pager links the follow patterns match.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawlers.inference import ListPage, infer
from tests.crawlers.cms_pages import GeneratedPage, list_page, shapes

_TIMES: dict[str, list[float]] = {}  # seconds per inference, by shape
VARIANTS = (
    ("page 1", {"page": 1}),
    ("page 2", {"page": 2}),
    ("short", {"per_page": 4}),
    ("unmarked", {"page": 1}),  # furniture without class names: only URL shapes and text tell
)
_CLASS = re.compile(r' class="[^"]*"')


def score(page: GeneratedPage) -> tuple[int, int, int, int, int, float]:
    """(found, wrong, unseen matched, pagers matched, pagers, seconds)."""
    started = time.perf_counter()
    result = infer([ListPage(page.url, page.html)])
    seconds = time.perf_counter() - started
    taken = {url for url, _ in result.articles}
    articles = [re.compile(p) for p in result.article_patterns]
    follows = [re.compile(p) for p in result.follow_patterns]
    unseen = sum(any(p.search(u) for p in articles) for u in page.unseen)
    pagers = sum(any(p.search(u) for p in follows) for u in page.pagers)
    return (
        len(taken & page.articles),
        len(taken - page.articles),
        unseen,
        pagers,
        len(page.pagers),
        seconds,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.python_version()}; seeds {args.seeds}")
    print(f"{'CMS shape':18} {'found/on page':>14} {'wrong':>6} {'unseen':>8} {'pager':>8}", end="")
    print(f" {'ms/page':>8}")
    totals = [0] * 7
    for shape in shapes():
        row = [0] * 7
        for label, variant in VARIANTS:
            for seed in range(args.seeds):
                page = list_page(shape, seed=seed, **variant)  # type: ignore[arg-type]
                if label == "unmarked":
                    page = replace(page, html=_CLASS.sub("", page.html))
                found, wrong, unseen, pagers, pager_total, seconds = score(page)
                numbers = (
                    found,
                    len(page.articles),
                    wrong,
                    unseen,
                    len(page.unseen),
                    pagers,
                    pager_total,
                )
                row = [a + b for a, b in zip(row, numbers, strict=True)]
                _TIMES.setdefault(shape.name, []).append(seconds)
        print(
            f"{shape.name:18} {row[0]:>6}/{row[1]:<7} {row[2]:>6} {row[3]:>4}/{row[4]:<3} "
            f"{row[5]:>4}/{row[6]:<3} {_mean_ms(shape.name):>8.2f}"
        )
        totals = [a + b for a, b in zip(totals, row, strict=True)]
    print(
        f"{'all':18} {totals[0]:>6}/{totals[1]:<7} {totals[2]:>6} {totals[3]:>4}/{totals[4]:<3} "
        f"{totals[5]:>4}/{totals[6]:<3}"
    )
    print(
        f"recall {totals[0] / totals[1]:.3f}, navigation taken for articles {totals[2]}, "
        f"unseen matched {totals[3] / totals[4]:.3f}, pagers followed {totals[5] / totals[6]:.3f}"
    )


def _mean_ms(name: str) -> float:
    values = _TIMES.get(name, [])
    return 1000 * sum(values) / max(len(values), 1)


if __name__ == "__main__":
    main()

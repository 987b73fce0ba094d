"""The third-party real pages (../shared/fixtures/real-pages) as labelled negatives."""

from __future__ import annotations

from pathlib import Path

from pipeline.agreements.evaluation import Case
from pipeline.extract import ExtractionError
from pipeline.page import analyse_html

# Pages that do report a signed cooperation agreement (none between Sichuan/Chongqing
# parties, README.md); filled in after reading every page that mentions 签署/签订.
# shanxi/1: 省贸促会 "分别与巴西华人协会、圣保罗商会…签署合作协议" (Shanxi-Brazil).
# ifeng/1 signs a 赔偿协议 (compensation): private law, a negative.
POSITIVE_PAGES: frozenset[str] = frozenset({"shanxi/1.html"})


def load_real_pages(root: Path) -> list[Case]:
    """Each extractable page as a case; pages holding no article are skipped."""
    out = []
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        try:
            page = analyse_html(path.read_bytes(), None, f"https://{name}")
        except ExtractionError:
            continue
        published = page.published_at.date() if page.published_at else None
        out.append(
            Case(
                f"real:{name}",
                "real-pages",
                page.norm_title,
                page.norm_text,
                published,
                name in POSITIVE_PAGES,
                None,
            )
        )
    return out

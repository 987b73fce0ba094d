"""Generated list pages in the URL shapes of real Chinese CMSs, cluttered like real portals.

Each `CmsShape` builds a column list page (navigation bar, column menu with numbered ids,
special-topic banners, a picture carousel, the list, a pager, a hot-news sidebar, friend
links to other sites, a footer) and knows which of its links are articles and which are
pagination: the truth that `test_inference.py` and `bench/sources_infer.py`
score the inference against. Deterministic, standard library only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

HEX = "0123456789abcdef"
_TOPICS = ("成渝地区双城经济圈建设专题", "学习贯彻党的二十大精神", "优化营商环境专题报道")
_PLACES = ("泸州市", "永川区", "荣昌区", "内江市", "遂宁市", "潼南区", "广安市", "渝北区")
_DEEDS = (
    "签署战略合作框架协议",
    "召开联席会议",
    "推进产业协作项目",
    "共建产业园区",
    "举行招商推介会",
)


@dataclass(frozen=True)
class CmsShape:
    """One CMS's URL shapes: list page, article (by id and day), pager (by page number)."""

    name: str
    list_url: str
    article: Callable[[int, date, str], str]  # (id, day, hex id) → absolute URL
    pager: Callable[[int], str]  # page number → absolute URL
    column: Callable[[int], str]  # a sibling column's list page → absolute URL


def _root(url: str) -> str:
    return url.split("/", 3)[0] + "//" + url.split("/", 3)[2]


def shapes() -> list[CmsShape]:
    """The CMS URL shapes of the issue, on plausible hosts."""
    g = "https://www.cq.gov.cn"
    return [
        CmsShape(
            "trs-wcm",
            f"{g}/ywdt/jrcq/",
            lambda i, d, h: f"{g}/ywdt/jrcq/{d:%Y%m}/t{d:%Y%m%d}_{13280000 + i}.html",
            lambda n: f"{g}/ywdt/jrcq/index_{n - 1}.html",
            lambda n: f"{g}/ywdt/col{n}/",
        ),
        CmsShape(
            "content-htm",
            "http://www.lzep.cn/news/node_12.htm",
            lambda i, d, h: f"http://www.lzep.cn/news/content_{560000 + i * 7}.htm",
            lambda n: f"http://www.lzep.cn/news/node_12_{n}.htm",
            lambda n: f"http://www.lzep.cn/news/node_{20 + n}.htm",
        ),
        CmsShape(
            "destoon-itemid",
            "https://www.scjyw.com/news/list.php?catid=5",
            lambda i, d, h: f"https://www.scjyw.com/news/show.php?itemid={8800 + i * 3}",
            lambda n: f"https://www.scjyw.com/news/list.php?catid=5&page={n}",
            lambda n: f"https://www.scjyw.com/news/list.php?catid={10 + n}",
        ),
        CmsShape(
            "dedecms-dated",
            "http://www.neijiang.cn/a/xinwen/",
            lambda i, d, h: f"http://www.neijiang.cn/a/{d:%Y}/{d:%m%d}/{31000 + i}.html",
            lambda n: f"http://www.neijiang.cn/a/xinwen/list_3_{n}.html",
            lambda n: f"http://www.neijiang.cn/a/lm{n}/",
        ),
        CmsShape(
            "detail-id",
            "https://www.cqjjnet.com/news/",
            lambda i, d, h: f"https://www.cqjjnet.com/detail/{450000 + i * 11}.html",
            lambda n: f"https://www.cqjjnet.com/news/index_{n}.html",
            lambda n: f"https://www.cqjjnet.com/list/{n}.html",
        ),
        CmsShape(
            "asp-id",
            "http://www.rongchang.cn/news.asp?classid=3",
            lambda i, d, h: f"http://www.rongchang.cn/newsshow.asp?id={2200 + i}",
            lambda n: f"http://www.rongchang.cn/news.asp?classid=3&page={n}",
            lambda n: f"http://www.rongchang.cn/news.asp?classid={n + 10}",
        ),
        CmsShape(
            "people-n2",
            "http://sc.people.com.cn/GB/345167/index.html",
            lambda i, d, h: f"http://sc.people.com.cn/n2/{d:%Y/%m%d}/c345167-{40870000 + i}.html",
            lambda n: f"http://sc.people.com.cn/GB/345167/index{n}.html",
            lambda n: f"http://sc.people.com.cn/GB/{345100 + n}/index.html",
        ),
        CmsShape(
            "epaper-shtml",
            "https://epaper.scdaily.cn/shtml/scrb/20240512/v01.shtml",
            lambda i, d, h: f"https://epaper.scdaily.cn/shtml/scrb/20240512/{312300 + i}.shtml",
            lambda n: f"https://epaper.scdaily.cn/shtml/scrb/20240512/v{n:02d}.shtml",
            lambda n: f"https://epaper.scdaily.cn/shtml/scrb/2024051{n % 10}/v01.shtml",
        ),
        CmsShape(
            "sc-fgw-hex",
            "https://fgw.sc.gov.cn/sfgw/tzgg/list.shtml",
            lambda i, d, h: f"https://fgw.sc.gov.cn/sfgw/tzgg/{d:%Y/%-m/%-d}/{h}.shtml",
            lambda n: f"https://fgw.sc.gov.cn/sfgw/tzgg/list_{n}.shtml",
            lambda n: f"https://fgw.sc.gov.cn/sfgw/c{106000 + n}/list.shtml",
        ),
        CmsShape(
            "hanweb-art",
            "https://www.zg.gov.cn/col/col1234/index.html",
            lambda i, d, h: f"https://www.zg.gov.cn/art/{d:%Y/%-m/%-d}/art_1234_{56000 + i}.html",
            lambda n: f"https://www.zg.gov.cn/col/col1234/index.html?uid=4567&pageNum={n}",
            lambda n: f"https://www.zg.gov.cn/col/col{1300 + n}/index.html",
        ),
        CmsShape(
            "sc-gov-cluster",
            "https://www.sc.gov.cn/10462/10464/10797/zwyw_list.shtml",
            lambda i, d, h: f"https://www.sc.gov.cn/10462/10464/10797/{d:%Y/%-m/%-d}/{h}.shtml",
            lambda n: f"https://www.sc.gov.cn/10462/10464/10797/zwyw_list_{n}.shtml",
            lambda n: f"https://www.sc.gov.cn/10462/10464/{10800 + n}/zwyw_list.shtml",
        ),
        CmsShape(
            "dazhou-articlist",
            "https://www.dazhou.gov.cn/web/dzs/articlist_55_1.html",
            lambda i, d, h: f"https://www.dazhou.gov.cn/web/dzs/article_55_{7700 + i}.html",
            lambda n: f"https://www.dazhou.gov.cn/web/dzs/articlist_55_{n}.html",
            lambda n: f"https://www.dazhou.gov.cn/web/dzs/articlist_{60 + n}_1.html",
        ),
        CmsShape(
            "founder-epaper",
            "https://epaper.cqrb.cn/html/cqrb/2024-05/12/001/node.htm",
            lambda i, d, h: (
                f"https://epaper.cqrb.cn/html/cqrb/2024-05/12/001/content_rb_{312000 + i}.htm"
            ),
            lambda n: f"https://epaper.cqrb.cn/html/cqrb/2024-05/12/001/node_{n}.htm",
            lambda n: f"https://epaper.cqrb.cn/html/cqrb/2024-05/12/00{n % 10}/node.htm",
        ),
        CmsShape(
            "wordpress-dated",
            "https://www.scjjrb.com/category/news/",
            lambda i, d, h: f"https://www.scjjrb.com/{d:%Y/%m/%d}/{99400000 + i}.html",
            lambda n: f"https://www.scjjrb.com/category/news/page/{n}/",
            lambda n: f"https://www.scjjrb.com/category/c{n}/",
        ),
        CmsShape(
            "cqnews-detail",
            "https://news.cqnews.net/1/qx/",
            lambda i, d, h: (
                f"https://news.cqnews.net/1/detail/{1249850000 + i}/web/"
                f"content_{1249850000 + i}.html"
            ),
            lambda n: f"https://news.cqnews.net/1/qx/index_{n}.html",
            lambda n: f"https://news.cqnews.net/1/lm{n}/",
        ),
    ]


@dataclass(frozen=True)
class GeneratedPage:
    """A list page and its truth."""

    shape: CmsShape
    url: str
    html: str
    articles: frozenset[str]  # article links on the page
    pagers: frozenset[str]  # pagination links on the page
    unseen: tuple[str, ...]  # articles of other days, not on the page: must match too


def list_page(shape: CmsShape, page: int = 1, per_page: int = 20, seed: int = 0) -> GeneratedPage:
    """Page `page` of the column, with its furniture; ids and dates from `seed`."""
    rng = random.Random(f"{shape.name}:{page}:{seed}")
    day = date(2024, 5, 12) - timedelta(days=(page - 1) * 5)
    items = []
    for index in range(per_page):
        number = (page - 1) * per_page + index + seed * 1000
        when = day - timedelta(days=index // 4)
        hexid = "".join(rng.choice(HEX) for _ in range(32))
        items.append((shape.article(number, when, hexid), _headline(rng), when))
    carousel = [shape.article(900 + k + seed * 1000, day, _hex(rng)) for k in range(3)]
    hot = [items[k][0] for k in (1, 3, 5) if k < len(items)]
    pagers = [shape.pager(n) for n in range(2, 6) if n != page]
    url = shape.list_url if page == 1 else shape.pager(page)
    html = _render(shape, items, carousel, hot, pagers, rng)
    articles = frozenset([u for u, _, _ in items] + carousel)
    later = date(2025, 11, 3)
    unseen = tuple(
        shape.article(70000 + k, later + timedelta(days=k * 40), _hex(rng)) for k in range(3)
    )
    return GeneratedPage(shape, url, html, articles, frozenset(pagers), unseen)


def _hex(rng: random.Random) -> str:
    return "".join(rng.choice(HEX) for _ in range(32))


def _headline(rng: random.Random) -> str:
    a, b = rng.sample(_PLACES, 2)
    return f"{a}与{b}{rng.choice(_DEEDS)}（{rng.randint(1, 99)}）"


def _a(url: str, text: str) -> str:
    return f'<a href="{escape(url)}" target="_blank">{escape(text)}</a>'


def _render(
    shape: CmsShape,
    items: list[tuple[str, str, date]],
    carousel: list[str],
    hot: list[str],
    pagers: list[str],
    rng: random.Random,
) -> str:
    root = _root(shape.list_url)
    nav = "".join(
        _a(f"{root}/{slug}/", word)
        for slug, word in (
            ("", "首页"),
            ("xwzx", "新闻中心"),
            ("zwgk", "政务公开"),
            ("hdjl", "互动交流"),
            ("bsfw", "办事服务"),
            ("ztzl", "专题专栏"),
        )
    )
    columns = "".join(
        f"<li>{_a(shape.column(n), w)}</li>"
        for n, w in enumerate(
            ("要闻动态", "区县动态", "部门动态", "通知公告", "图片新闻", "视频新闻"), 1
        )
    )
    topics = "".join(_a(f"{root}/zt/2024zt{n}/", t) for n, t in enumerate(_TOPICS, 1))
    slides = "".join(
        f'<a href="{escape(u)}"><img src="/img/{k}.jpg"></a>' for k, u in enumerate(carousel)
    )
    rows = "".join(f"<li>{_a(u, t)}<span>{d:%Y-%m-%d}</span></li>" for u, t, d in items)
    pager = (
        "".join(_a(u, str(n)) for n, u in enumerate(pagers, 2))
        + _a(pagers[0], "下一页")
        + _a(pagers[-1], "尾页")
    )
    hottest = "".join(f"<li>{_a(u, '热点：' + _headline(rng))}</li>" for u in hot)
    friends = "".join(
        _a(f"https://www.{h}.gov.cn/", f"{h}政府网") for h in ("gov", "sc", "cq", "luzhou", "yibin")
    )
    footer = "".join(
        _a(f"{root}/{p}.html", w)
        for p, w in (
            ("about", "关于我们"),
            ("contact", "联系我们"),
            ("sitemap", "网站地图"),
            ("privacy", "隐私声明"),
        )
    )
    top = _a(root + "/wza/", "无障碍") + _a(root + "/en/", "English")
    title = escape(shape.name)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="header"><div class="top-bar">{top}</div></div>
<div class="nav">{nav}</div>
<div class="container"><div class="left"><div class="column-menu"><ul>{columns}</ul></div>
<div class="zt-banner">{topics}</div></div>
<div class="main"><div class="slide">{slides}</div>
<div class="crumbs">当前位置：{_a(root + "/", "首页")} &gt; {_a(shape.list_url, "要闻动态")}</div>
<ul class="news-list">{rows}</ul>
<div class="pages">{pager}</div></div>
<div class="right"><h3>热点新闻</h3><ul>{hottest}</ul></div></div>
<div class="yqlj">友情链接：{friends}</div>
<div class="footer">{footer}<p>主办单位：人民政府办公室 ICP备05003828号</p></div></body></html>"""

"""Generate a static Chinese news site for the crawl/extract benchmarks.

    python bench/sitegen.py DIR -n 5000        # then SampleSite(extra_dirs={"bench": DIR})

Writes article pages of 20-100 KB (short body, heavy furniture: inline CSS, scripts, JSON
state, comment widgets, as real portals weigh), list pages of 50 links with pagination,
`sources.toml` (a `[[sources]]` fragment; SampleSite fills in @BASE@ and @NAME@) and
`labels.jsonl` (per article: path, is_agreement, encoding, declared charset).
A `gbk_share` of the pages is GBK, half of those with no charset declared anywhere.
Standard library only, deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from pathlib import Path

PER_LIST = 50
MIN_KB, MAX_KB = 20, 100
AGREEMENT_SHARE = 0.05
START = date(2026, 1, 1)

PLACES = (
    "渝中区",
    "江北区",
    "沙坪坝区",
    "九龙坡区",
    "南岸区",
    "北碚区",
    "渝北区",
    "巴南区",
    "永川区",
    "江津区",
    "合川区",
    "璧山区",
    "荣昌区",
    "万州区",
    "涪陵区",
    "綦江区",
    "成都市",
    "泸州市",
    "宜宾市",
    "内江市",
    "遂宁市",
    "绵阳市",
    "德阳市",
    "南充市",
    "广安市",
    "达州市",
    "眉山市",
    "资阳市",
    "自贡市",
    "乐山市",
)
TOPICS = (
    "城市更新",
    "乡村振兴",
    "营商环境",
    "生态保护",
    "交通建设",
    "科技创新",
    "文旅融合",
    "智能制造",
    "数字经济",
    "教育发展",
    "医疗服务",
    "养老服务",
    "就业创业",
    "防汛减灾",
)
SENTENCES = (
    "近日，{p}召开{t}工作推进会，研究部署下一阶段重点任务。",
    "会议指出，要坚持问题导向，聚焦{t}中的难点堵点，切实提高工作实效。",
    "记者从{p}获悉，今年以来全区（市）{t}项目累计完成投资{n}亿元，同比增长{m}%。",
    "据介绍，{p}已建成各类服务站点{n}个，覆盖群众超过{m}万人。",
    "“我们将进一步加大投入力度，让群众有更多获得感。”{p}相关负责人表示。",
    "下一步，{p}将持续深化{t}改革，推动各项政策措施落地见效。",
    "活动现场，工作人员向过往市民发放宣传资料{n}余份，解答群众咨询{m}人次。",
    "{p}有关部门负责人介绍，目前{t}各项工作正在有序推进。",
    "据统计，一季度{p}新增市场主体{n}户，其中企业{m}户。",
    "在{t}方面，{p}积极探索新模式，形成了一批可复制可推广的经验做法。",
    "当天，{p}还组织开展了{t}专题培训，{n}余名干部职工参加。",
    "随着各项措施的落地，{p}{t}工作取得了阶段性成效。",
    "业内人士认为，{t}将成为推动区域高质量发展的重要引擎。",
    "{p}将加强与周边地区的沟通协作，共同推动{t}工作再上新台阶。",
    "截至目前，{p}已累计实施{t}重点项目{n}个，带动就业{m}人。",
    "参加活动的市民纷纷表示，这样的活动很接地气，希望以后多举办。",
)
AGREEMENT_SENTENCES = (
    "{n}月{m}日，{p}与{q}签署《{t}战略合作框架协议》，双方将在多个领域开展深度合作。",
    "会上，{p}与{q}相关部门签订了《{t}合作协议》，明确了年度合作事项清单。",
)


@dataclass(frozen=True)
class Article:
    number: int
    day: date
    headline: str
    paragraphs: tuple[str, ...]
    is_agreement: bool
    encoding: str  # utf-8 | gbk
    declared: bool  # a <meta> charset is written

    @property
    def path(self) -> str:
        return f"news/{self.day:%Y%m}/t{self.day:%Y%m%d}_{self.number}.html"


def _fill(rng: random.Random, template: str) -> str:
    p, q = rng.sample(PLACES, 2)
    return template.format(
        p=p, q=q, t=rng.choice(TOPICS), n=rng.randint(2, 900), m=rng.randint(1, 99)
    )


def _article(rng: random.Random, number: int, gbk_share: float) -> Article:
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    paragraphs = [
        "".join(_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(4, 14))
    ]
    is_agreement = rng.random() < AGREEMENT_SHARE
    if is_agreement:
        paragraphs.insert(1, _fill(rng, rng.choice(AGREEMENT_SENTENCES)))
    gbk = rng.random() < gbk_share
    return Article(
        number=number,
        day=START + timedelta(days=rng.randint(0, 180)),
        headline=f"{place}扎实推进{topic}工作取得新进展（{number}）",
        paragraphs=tuple(paragraphs),
        is_agreement=is_agreement,
        encoding="gbk" if gbk else "utf-8",
        declared=not gbk or rng.random() < 0.5,
    )


class Furniture:
    """Pre-built page furniture, so each page is joined from parts rather than generated."""

    def __init__(self, rng: random.Random) -> None:
        self.css = "".join(
            f".m{i}-{rng.randint(0, 9999)}{{margin:{rng.randint(0, 20)}px;"
            f"padding:0 {rng.randint(0, 20)}px;color:#{rng.randint(0, 0xFFFFFF):06x};"
            f"font-size:{12 + i % 8}px}}\n"
            for i in range(80)
        )
        self.script = "".join(
            f"function track{i}(e){{var d={{id:{i},ch:'news',t:Date.now()}};"
            f"window._hmt&&window._hmt.push(['_trackEvent','文章页','点击',JSON.stringify(d)]);}}\n"
            for i in range(30)
        )
        self.nav = " | ".join(f'<a href="#c{i}">{t}</a>' for i, t in enumerate(TOPICS * 3))
        self.comments = "".join(
            f'<div class="cmt"><span class="u">网友{rng.randint(1000, 9999)}</span>'
            f'<p>{_fill(rng, rng.choice(SENTENCES))}</p><span class="z">赞({i})</span></div>\n'
            for i in range(12)
        )
        # Portals inline their app state as JSON; it is most of a real page's weight.
        state = [
            {"id": i, "title": _fill(rng, rng.choice(SENTENCES)), "pv": rng.randint(0, 10**6)}
            for i in range(1500)
        ]
        self.blob = json.dumps(state, ensure_ascii=True)

    def page(self, article: Article, related: str, target: int) -> str:
        meta = f'<meta charset="{article.encoding}">' if article.declared else ""
        body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
        head = (
            f"<!DOCTYPE html>\n<html><head>{meta}"
            f"<title>{escape(article.headline)}_样例门户</title>\n"
            f"<style>\n{self.css}</style>\n<script>\n{self.script}</script>\n</head>\n<body>\n"
            f'<div class="nav">首页 | {self.nav}</div>\n<div class="article">\n'
            f"<h1>{escape(article.headline)}</h1>\n"
            f'<div class="info">来源：样例门户　发布时间：{article.day:%Y-%m-%d} 10:00:00　'
            f'分享到：微信 微博</div>\n<div class="content">\n{body}\n</div>\n</div>\n'
            f'<div class="related"><h3>相关新闻</h3><ul>\n{related}</ul></div>\n'
            f'<div class="comments"><h3>网友评论</h3>\n{self.comments}</div>\n'
        )
        tail = '<div class="footer">样例门户 版权所有</div>\n</body></html>\n'
        # CJK is 3 bytes in UTF-8 and 2 in GBK: weigh in the page's own encoding, pad in ASCII.
        weight = len((head + tail).encode(article.encoding))
        pad = max(0, target - weight - 50)
        state = self.blob[: min(pad, len(self.blob))]
        return f"{head}<script>window.__STATE__=JSON.parse('{state}');</script>\n{tail}"


def _list_page(number: int, total: int, articles: list[Article]) -> str:
    rows = "\n".join(
        f'<li><a href="{a.path}">{escape(a.headline)}</a><span>{a.day:%Y-%m-%d}</span></li>'
        for a in articles
    )
    pager = " ".join(
        f'<a href="{_list_name(n)}">{n}</a>'
        for n in range(max(1, number - 5), min(total, number + 5) + 1)
    )
    if number < total:
        pager += f' <a href="{_list_name(number + 1)}">下一页</a>'
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>新闻列表</title></head><body>\n'
        f'<ul>\n{rows}\n</ul>\n<div class="pager">{pager}</div>\n</body></html>\n'
    )


def _list_name(number: int) -> str:
    return "index.html" if number == 1 else f"index_{number}.html"


SOURCES_TOML = """[[sources]]
name = "@NAME@"
title = "基准测试样例门户"
start_urls = ["@BASE@/index.html"]
article_patterns = ['/news/\\d{{6}}/t\\d{{8}}_\\d+\\.html$']
follow_patterns = ['/index_\\d+\\.html$']
every = "30m"
max_pages = {max_pages}
allow_private_addresses = true
"""


def generate(
    directory: Path, n_articles: int = 5000, *, gbk_share: float = 0.10, seed: int = 1
) -> None:
    """Write the benchmark site into `directory` (created if missing)."""
    rng = random.Random(seed)
    furniture = Furniture(rng)
    articles = sorted(
        (_article(rng, n, gbk_share) for n in range(1, n_articles + 1)),
        key=lambda a: (a.day, a.number),
        reverse=True,
    )
    directory.mkdir(parents=True, exist_ok=True)
    labels = []
    for index, article in enumerate(articles):
        neighbours = articles[index + 1 : index + 9]
        related = "".join(
            f'<li><a href="/{a.path}">{escape(a.headline)}</a></li>\n' for a in neighbours
        )
        target = rng.randint(MIN_KB, MAX_KB) * 1024
        html = furniture.page(article, related, target)
        path = directory / article.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(html.encode(article.encoding))
        labels.append(
            {
                "path": article.path,
                "is_agreement": article.is_agreement,
                "encoding": article.encoding,
                "declared": article.declared,
            }
        )
    chunks = [articles[i : i + PER_LIST] for i in range(0, len(articles), PER_LIST)]
    for number, chunk in enumerate(chunks, start=1):
        page = _list_page(number, len(chunks), chunk)
        (directory / _list_name(number)).write_text(page, "utf-8")
    (directory / "labels.jsonl").write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in labels), "utf-8"
    )
    (directory / "sources.toml").write_text(
        SOURCES_TOML.format(max_pages=n_articles + len(chunks) + 10), "utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("-n", "--articles", type=int, default=5000)
    parser.add_argument("--gbk-share", type=float, default=0.10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.directory, args.articles, gbk_share=args.gbk_share, seed=args.seed)
    print(f"{args.articles} articles in {args.directory} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

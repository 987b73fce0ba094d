"""Body bigram F1 on short articles (< 500 characters) that sit above a feed.

Usage: .venv/bin/python bench/short_pages_eval.py
Generated pages: a short article followed by a recommended-reading or trending feed many
times its length, in the templates portals use (feed inside the article's container or
beside it; items as <div>, <li> or bare <a>; with teasers and times). Prints mean
character-bigram F1 of the extracted body against the article's paragraphs.
"""

from __future__ import annotations

from collections import Counter
from statistics import mean

from pipeline.extract import ExtractionError, extract_article

ARTICLES = (
    (
        "璧山船山签署产业协作协议",
        "3月18日，璧山区与船山区在璧山签署《产业协作战略合作框架协议》，两地将在新能源汽车、"
        "电子信息等领域深化产业协作。",
        "根据协议，双方将共建产业合作园区，推动产业链上下游企业协同发展。",
    ),
    (
        "泸州永川共建生态屏障",
        "5月12日，泸州市与永川区签署生态环境保护合作协议，约定联防联控大气污染、联合监测跨界河流。",
        "两地将建立常态化会商机制，每季度通报一次环境质量。",
        "泸州市生态环境局有关负责人表示，协议签署后将尽快制定年度工作清单。",
    ),
    (
        "川渝高校成立科技创新联盟",
        "记者从重庆大学获悉，川渝二十所高校日前在重庆成立科技创新联盟，共建联合实验室十个。",
        "联盟将围绕电子信息、装备制造等产业开展联合攻关。",
    ),
)


def _item(template: str, i: int) -> str:
    teaser = f"近日，某地举办第{i}届特色文化活动，吸引了大批市民和游客前来参观游玩，现场气氛热烈。"
    if template == "div":
        return (
            f'<div class="item"><a href="/n/{i}.html"><h3>第{i}条：某地举办特色活动</h3></a>'
            f'<p>{teaser}</p><div class="meta">某某新闻 {i}小时前</div></div>'
        )
    if template == "li":
        return f'<li><a href="/n/{i}.html">第{i}条：某地举办特色活动</a><p>{teaser}</p></li>'
    return (
        f'<a class="card" href="/n/{i}.html"><h4>第{i}条：某地举办特色活动</h4><p>{teaser}</p></a>'
    )


def _feed(template: str) -> str:
    items = "".join(_item(template, i) for i in range(1, 13))
    return (
        f'<ul class="list">{items}</ul>' if template == "li" else f'<div class="box">{items}</div>'
    )


def page(article: tuple[str, ...], template: str, inside: bool) -> str:
    title, *paragraphs = article
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    head = f"<html><head><title>{title}_新闻</title></head><body>"
    art = f'<h1>{title}</h1><div class="info">来源：本网</div>{body}'
    if inside:
        return f'{head}<div class="main">{art}{_feed(template)}</div></body></html>'
    return f'{head}<div class="main">{art}</div>{_feed(template)}</body></html>'


def bigram_f1(got: str, gold: str) -> float:
    def grams(text: str) -> Counter[str]:
        s = "".join(text.split())
        return Counter(s[i : i + 2] for i in range(len(s) - 1))

    g, t = grams(got), grams(gold)
    overlap = sum((g & t).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(g.values()), overlap / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    scores = []
    for article in ARTICLES:
        for template in ("div", "li", "a"):
            for inside in (True, False):
                try:
                    text = extract_article(page(article, template, inside)).text
                except ExtractionError:
                    text = ""
                score = bigram_f1(text, "".join(article[1:]))
                scores.append(score)
                where = "inside" if inside else "beside"
                print(f"| {article[0]} | {template} | {where} | {len(text)} | {score:.3f} |")
    print(f"\nshort pages: {len(scores)}, mean body bigram F1 {mean(scores):.3f}")


if __name__ == "__main__":
    main()

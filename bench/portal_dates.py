"""Generated portal article pages, one per dateline form, each with the traps real portals set.

Every page carries the site header's date of today, a breadcrumb and a ticker that repeat
the headline above the real one, an event date in the lead paragraph, a related-news list
and a footer full of other dates. The truth is the day of ``PUBLISHED`` (or what the
relative form says against ``fetched``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
PUBLISHED = datetime(2024, 5, 12, 9, 30, tzinfo=SHANGHAI)
HEADLINE = "泸州市与永川区签署生态环境保护合作协议"


@dataclass(frozen=True, slots=True)
class PortalPage:
    name: str
    url: str
    html: str
    fetched: datetime
    truth: str  # YYYY-MM-DD


def _at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2024, 5, day, hour, minute, tzinfo=SHANGHAI)


# name → (byline HTML under the headline, extra <head> markup, URL, fetch time)
_FORMS: dict[str, tuple[str, str, str, datetime]] = {
    "label-fabu": ("发布时间：2024-05-12 09:30 来源：四川日报", "", "/news/1.html", _at(13)),
    "source-then-date": ("来源：重庆日报 2024-05-12 09:30", "", "/news/2.html", _at(13)),
    "cn-date-time": ("2024年05月12日 09:30 来源：华龙网", "", "/news/3.html", _at(13)),
    "date-slash": ("发布日期：2024/05/12", "", "/news/4.html", _at(13)),
    "date-dots": ("时间：2024.05.12 编辑：王芳", "", "/news/5.html", _at(13)),
    "cn-numerals": ("二〇二四年五月十二日 来源：泸州日报", "", "/news/6.html", _at(13)),
    "hours-ago": ("3小时前 来源：封面新闻", "", "/news/7.html", _at(12, 12, 30)),
    "minutes-ago": ("25分钟前 来源：封面新闻", "", "/news/8.html", _at(12, 9, 55)),
    "just-now": ("刚刚 来源：上游新闻", "", "/news/9.html", _at(12, 9, 31)),
    "yesterday": ("昨天 09:30 来源：上游新闻", "", "/news/10.html", _at(13)),
    "day-before": ("前天 来源：上游新闻", "", "/news/11.html", _at(14)),
    "yearless": ("05-12 09:30 来源：百家号", "", "/news/12.html", _at(13)),
    "url-trs": ("来源：泸州市人民政府", "", "/xxgk/202405/t20240512_123.html", _at(13)),
    "url-dash": ("来源：新华网", "", "/local/2024-05/12/c_1130.htm", _at(13)),
    "url-compact": ("来源：川观新闻", "", "/content/20240512/81234.html", _at(13)),
    "url-people": ("来源：人民网", "", "/n2/2024/0512/c345-4001.html", _at(13)),
    "meta-pubdate": ("来源：新浪", '<meta name="pubdate" content="2024-05-12T09:30:00+08:00">',
                     "/news/20.html", _at(13)),
    "meta-PubDate": ("来源：网易", '<meta name="PubDate" content="2024-05-12 09:30">',
                     "/news/21.html", _at(13)),
    "meta-publishdate": ("来源：腾讯", '<meta name="publishdate" content="2024-05-12">',
                         "/news/22.html", _at(13)),
    "meta-og-release": ("来源：凤凰", '<meta property="og:release_date" content="2024-05-12">',
                        "/news/23.html", _at(13)),
    "meta-article": ("来源：搜狐",
                     '<meta property="article:published_time" content="2024-05-12T01:30:00Z">',
                     "/news/24.html", _at(13)),
    "json-ld": ("来源：澎湃",
                '<script type="application/ld+json">{"@type":"NewsArticle",'
                '"datePublished":"2024-05-12T09:30:00+08:00"}</script>',
                "/news/25.html", _at(13)),
}  # fmt: skip

_LEAD = (
    "2024年5月8日上午，泸州市生态环境局与重庆市永川区生态环境局在永川召开联席会议，"
    "双方回顾了近年来在长江上游生态屏障建设、跨界河流联防联治等方面取得的进展。"
)
_PARAGRAPHS = (
    "会上，两地签署《生态环境保护合作协议》，约定在大气污染联防联控、跨界水体监测、"
    "环境执法联动和应急处置等领域开展全方位合作，建立常态化会商机制。",
    "根据协议，双方将共享监测数据，联合开展交界区域执法检查，共同推进濑溪河、大陆溪等"
    "跨界河流的综合治理，力争在两年内实现交界断面水质稳定达标。",
    "泸州市有关负责人表示，此次签约是落实成渝地区双城经济圈建设部署的具体举措，"
    "将进一步推动两地生态环境保护一体化发展。永川区方面表示，将以协议签署为契机，"
    "深化协作，形成合力。",
)


def _page(byline: str, head: str, fetched: datetime) -> str:
    today = f"{fetched.year}年{fetched.month:02d}月{fetched.day:02d}日"
    related = "".join(
        f'<li><a href="/n/{i}.html">川渝合作又有新进展（{i}）</a><span>2024-05-0{i}</span></li>'
        for i in range(1, 6)
    )
    body = "".join(f"<p>{escape(p)}</p>" for p in (_LEAD, *_PARAGRAPHS))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{HEADLINE}_四川新闻网</title>{head}</head><body>
<div class="top">今天是{today} 星期一 欢迎访问四川新闻网</div>
<div class="crumb">首页 &gt; 四川新闻 &gt; {HEADLINE}</div>
<div class="ticker"><a href="/n/9.html">{HEADLINE}</a> 2024-04-30 10:00</div>
<div class="article"><h1>{HEADLINE}</h1>
<div class="info">{escape(byline)}</div>
<div class="content">{body}</div></div>
<div class="related"><h3>相关新闻</h3><ul>{related}</ul></div>
<div class="footer">Copyright © 2003-2024 四川新闻网 更新时间：{today} 蜀ICP备05000000号</div>
</body></html>"""


def portal_pages() -> list[PortalPage]:
    """One page per dateline form; the truth is 2024-05-12 for every one."""
    return [
        PortalPage(name, f"https://www.example.cn{path}", _page(byline, head, fetched),
                   fetched, PUBLISHED.date().isoformat())
        for name, (byline, head, path, fetched) in _FORMS.items()
    ]  # fmt: skip

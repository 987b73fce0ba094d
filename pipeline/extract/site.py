"""The body whose site published a page: "成都理工大学" for 成都理工大学新闻网.

University, hospital and company news call their own body 我校, 我院 or 公司 and seldom
name it in the article; the site's masthead, its og:site_name or its copyright line does
(an HTML page's: `metadata.find_site`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.blocks import normalise_space

# What a site adds to its body's name: "成都理工大学新闻网", "版权所有 …大学党委宣传部".
_SITE_TAIL = re.compile(
    r"(?:党委宣传部|宣传部|新闻中心|融媒体中心|新闻网|官方网站|门户网站|官网|网站|网)$"
)
# A body's name, alone on the line: a masthead, or what a copyright line names.
_BODY = re.compile(
    r"[\u4e00-\u9fff()（）·]{2,30}?(?:大学|学院|学校|中学|小学|医院|研究院|研究所|集团|(?:有限|股份)?公司"
    r"|人民政府|政府|委员会|管委会|人民法院|法院|人民检察院|检察院|厅|局|银行)"
)
# Two bodies joined by a verb are a headline, not a masthead ("重庆市中医院携手武胜县中医医院").
JOINING = r"携手|牵手|联手|签约|签署|签订|结对|缔结|结为|共建|助力|走进"
_JOINED = re.compile(JOINING)
_COPYRIGHT = re.compile(
    r"(?:版权所有|©|Copyright)\s*[:：]?\s*(?:©\s*)?(?:\d{4}(?:\s*[-—]\s*\d{4})?\s*)?"
    r"([\u4e00-\u9fff()（）]{2,40})",
    re.IGNORECASE,
)


def body_of(name: str) -> str | None:
    """The body a site's name stands for, or None when it names none."""
    name = _SITE_TAIL.sub("", normalise_space(name).replace(" ", ""))
    m = _BODY.fullmatch(name)
    return m[0] if m and not _JOINED.search(name) else None


# A footer's address: "地址:重庆市沙坪坝区天星桥正街88号", "地址：四川省成都市…".
_ADDRESS = re.compile(
    r"(?:通讯地址|联系地址|单位地址|地\s*址)\s*[:：]\s*([\u4e00-\u9fff][^\s|,,;;]{3,60})"
)


# A breadcrumb's steps: "四川大学新闻网 > 川大要闻 > 正文" starts with the site's name, and an
# index may run "当前位置:首页 > 要闻动态 > " into the masthead after it.
_CRUMB = re.compile(r"\s*(?:>>?|›|»|→)\s*")


# A WeChat post's account before its time: "原创 重医儿童医院 2022-09-07 17:42 发表于重庆".
ACCOUNT_LINE = re.compile(r"^\s*(?:原创\s+)?(\S{2,16})\s+\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}")


def _steps(masthead: Sequence[str]) -> list[str]:
    steps: list[str] = []
    for line in masthead:
        account = ACCOUNT_LINE.match(line)
        steps += [account[1]] if account else _CRUMB.split(line)
    return steps


def site_of_lines(masthead: Sequence[str], lines: Sequence[str]) -> str | None:
    """A plain text's site: a masthead line above its headline (or a step of its
    breadcrumb), else its copyright line, else the body a footer names before its address
    ("重庆市第十八中学校  地址:…")."""
    for line in _steps(masthead):
        if body := body_of(line):
            return body
    for line in reversed(lines):
        if (m := _COPYRIGHT.search(line)) and (body := body_of(m[1])):
            return body
    for line in reversed(lines):
        if (m := _ADDRESS.search(line)) and (body := body_of(line[: m.start()].strip(" |:："))):
            return body
    return None


def credited_body(lines: Sequence[str]) -> str | None:
    """The body a post's closing credit names as its writer: "来源丨资阳市生态环境局" (an
    outlet's name, "来源丨内江日报", is no body)."""
    for line in reversed(lines):
        if (m := _CREDIT.match(line)) and (body := body_of(m[1])):
            return body
    return None


_CREDIT = re.compile(r"^\s*(?:来源|供稿|稿源)\s*[丨|｜:：]\s*(\S{4,30})\s*$")


def address_of_lines(lines: Sequence[str]) -> str | None:
    """The address a plain text's footer gives, where its site's body is, else None."""
    for line in reversed(lines):
        if m := _ADDRESS.search(line):
            return m[1]
    return None


# A local outlet's masthead names its place: "大足日报", "铜梁网", "开州区融媒体中心".
_LOCAL_MASTHEAD = re.compile(
    r"([\u4e00-\u9fff]{2,6}?)(?:日报|晚报|报|新闻网|网|融媒|融媒体中心|发布|电视台|广播电视台)"
    r"(?:数字报|电子报|电子版)?(?:\s*[|｜\s].*)?"
)


# A local portal's menu names its place: "首页 | 走进桐梓 | 政务公开", "走进江津".
_VISIT_MENU = re.compile(r"(?:^|[\s|｜])走进([\u4e00-\u9fff]{2,6})(?=$|[\s|｜])")


def masthead_place(masthead: Sequence[str]) -> str | None:
    """The place a local outlet's masthead names ("大足日报" → "大足"), or its portal's menu
    ("走进桐梓"), where a page with no footer address is published; the reader checks it
    names a division."""
    for line in _steps(masthead):
        if m := _LOCAL_MASTHEAD.fullmatch(normalise_space(line)):
            return m[1]
    for line in masthead:
        if m := _VISIT_MENU.search(normalise_space(line)):
            return m[1]
    return None

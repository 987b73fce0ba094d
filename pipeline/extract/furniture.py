"""Remove page furniture: from the tree before extraction, and from the text after it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

__all__ = ["clean_lines", "clean_tree", "is_furniture_line"]

# Never carry article text. Not <form>: ASP.NET government sites wrap the whole page in one.
_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "input", "button", "select", "textarea", "nav", "aside", "footer", "link", "meta",
)  # fmt: skip
# Hidden text is how forums jam copy-paste (<font class="jammer">, display:none spans).
_HIDDEN = etree.XPath(
    "//*[@hidden or @aria-hidden='true' or contains(@class, 'jammer')"
    " or contains(translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'display:none')"
    " or contains(translate(@style, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ ',"
    " 'abcdefghijklmnopqrstuvwxyz'), 'visibility:hidden')]"
)
# Class/id fragments of widgets on Chinese portals (163, sina, ifeng, qq, people …).
_WIDGET_WORDS = (
    "comment", "share", "relate", "recommend", "footer", "copyright", "breadcrumb", "sidebar",
    "bdshare", "pinglun", "tuijian", "advert", "qrcode", "erweima", "hotnews", "hot-news",
    "toolbar", "jiathis", "login", "reply", "post_next", "prev-next",
    r"(?<![a-z])side(?![a-z])", r"(?<![a-z])rank", r"(?<![a-z])hot(?![a-z])",
    # Site header and menus, as whole class/id words only: "article-header" holds the story.
    r"(?<![a-z_-])(?:header|nav|navbar|navigation|menu|topbar)(?![a-z_-])",
)  # fmt: skip
_WIDGET = re.compile("|".join(_WIDGET_WORDS))
_NEVER_WIDGET = frozenset({"html", "body", "article", "main"})
# A "widget" holding more than this share of the page's text is a page wrapper whose
# class merely mentions e.g. "share"; dropping it would drop the article.
_WRAPPER_SHARE = 0.5
# A "widget" with this many full stops is prose: look for widgets inside it instead.
_PROSE_SENTENCES = 15

# A line that is furniture wherever it appears.
_FURNITURE_LINE = re.compile(
    r"^\s*(?:[(（【\[]?\s*(?:责任编辑|责编|编辑|校对|审核|监制|值班编辑|本文编辑)\s*[:：\s]"
    r"|(?:地\s*址|邮政编码|邮\s*编|电子信箱|电子邮箱|电\s*话|传\s*真)\s*[:：]|【?免责声明|声明\s*[:：]"
    r"|相关资讯|点击进入专题|文章关键词|已收藏|分享\s*[:：]|安装.{0,10}客户端|(?!.*(?:原载|原刊|原发|首发)).{0,20}\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}.{0,40}(?:来源|作者|记者|浏览|阅读)|\d*[、.]?\s*回复【"
    r"|您?(?:当前|所在|现在)的?位置|字号\s*[:：]|(?:主办|承办|主管)(?:单位)?\s*[:：]|(?:首页|主页)\s*(?:>|›|»)|.{0,30}(?:>|›|»)\s*$"
    r"|分享到|分享至|点击分享|我要评论|网友评论|发表评论|查看评论|评论\s*\d*\s*$"
    r"|上一篇|下一篇|上一条|下一条|返回顶部|[【\[]?(?:打印本页|关闭窗口)|【打印】|【关闭】"
    r"|扫一扫|扫描二维码|长按识别|.{0,20}二维码"
    r"|.{0,60}(?:版权所有|Copyright|©|All Rights Reserved|ICP备|举报电话|违法和不良信息)"
    # (not a reprint's note of when it first ran: "(本文原载于4月19日《四川日报》,转载请注明出处)",
    # "(本文原载于2022年12月9日《重庆日报》第3版,记者 杨骏)")
    r"|本文来源|.*未经授权.{0,10}禁止|(?!.*(?:原载|原刊|首发)).*转载请注明)",
    re.IGNORECASE,
)
# A heading that starts a trailer of links; it and everything after it go.
_ALWAYS_FURNITURE = re.compile(r"^\s*[【\[]?\s*免责声明|^\s*本文为.{0,20}原创文章")
_INLINE_FURNITURE = re.compile(r"返回.{0,8}首页\s*>+\s*$")
_TRAILER_HEADING = re.compile(
    r"^\s*[【\[]?\s*(?:相关阅读|相关新闻|相关文章|相关报道|相关推荐|延伸阅读|推荐阅读|新闻推荐"
    r"|热门推荐|热点推荐|猜你喜欢|为您推荐|精彩推荐|热门文章|今日推荐|更多精彩|更多阅读"
    r"|网友评论仅供|热门跟贴|最新跟贴|热门评论|最新评论|全部评论|已有\d+人参与"
    r"|正文已结束|作者最新文章|.{0,40}查看更多\s*$)"
)
# Byline lines above an article: 来源：…, 作者：…, 发布时间：…, ◎ 记者 …
_HEAD_BYLINE = re.compile(
    r"^\s*(?:(?:\d{1,3}\s*(?:分钟|小时|天)前|刚刚|昨天|前天|[〇○零一二三四五六七八九十]{4}年\S{1,6}日)\s*)?"
    r"(?:◎|来源|稿源|作者|记者|通讯员|发布时间|发布日期|时间|日期|编辑|责任编辑|浏览次数|点击数)"
    r"\s*[:：◎ ]"
    # or a name and a timestamp alone on their line ("璧山发布 2024-03-18 20:10", WeChat)
    r"|^[^，。！？]{0,20}\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?\s*\d{1,2}[:：]\d{2}(?::\d{2})?\s*$"
)
_MAX_BYLINE_LINE = 60
# Furniture lines are short; a long line mentioning 二维码 or 版权 is article text.
_MAX_FURNITURE_LINE = 100
# Trailers only start after the article has begun: ignore such headings in the first lines.
_MIN_LINES_BEFORE_TRAILER = 2


def _drop(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if isinstance(node, etree._Element) and hasattr(node, "drop_tree"):
        node.drop_tree()  # keeps the tail: "<font class=jammer>x</font>real text"
    else:
        parent.remove(node)


def _shown_by_script(node: etree._Element, body_len: int) -> bool:
    """A hidden node holding most of the page is the article a script reveals (WeChat's
    `#js_content` is `visibility: hidden` until its JavaScript runs); jammers are tiny."""
    if node.get("id") == "js_content":
        return True
    return body_len > 0 and len(node.xpath("string()")) > _WRAPPER_SHARE * body_len


def _is_widget(el: etree._Element) -> bool:
    if el.tag in _NEVER_WIDGET:
        return False
    marks = f"{el.get('class') or ''} {el.get('id') or ''}"
    return marks != " " and bool(_WIDGET.search(marks.lower()))


def _drop_widgets(root: etree._Element) -> None:
    """Drop outermost class/id widgets; a plain regex pass is ~20x faster than XPath."""
    body_len = len(root.xpath("string(//body)"))
    found: list[etree._Element] = []
    walker = etree.iterwalk(root, events=("start",))
    for _event, el in walker:
        if not (isinstance(el.tag, str) and _is_widget(el)):
            continue
        text = el.xpath("string()")
        if body_len and len(text) > _WRAPPER_SHARE * body_len:
            continue  # a wrapper: look for widgets inside it instead
        if text.count("。") >= _PROSE_SENTENCES:
            continue  # ifeng's article is "js_img_share_area": a share bar has no sentences
        found.append(el)
        walker.skip_subtree()
    for node in found:
        _drop(node)


def clean_tree(root: etree._Element, remove: Iterable[str] = ()) -> etree._Element:
    """Drop scripts, hidden and jammer nodes, widgets and the ``remove`` XPaths, in place."""
    for xpath in remove:
        for node in root.xpath(xpath):
            if isinstance(node, etree._Element):
                _drop(node)
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    body_len = len(root.xpath("string(//body)"))
    for node in _HIDDEN(root):
        if not _shown_by_script(node, body_len):
            _drop(node)
    _drop_widgets(root)
    return root


def is_furniture_line(line: str) -> bool:
    """True for share bars, editor credits, prev/next links, QR-code and copyright lines."""
    if _ALWAYS_FURNITURE.match(line):
        return True
    return len(line) <= _MAX_FURNITURE_LINE and bool(_FURNITURE_LINE.match(line))


def clean_lines(lines: Iterable[str]) -> list[str]:
    """Drop furniture lines and cut the text at a trailer heading (相关阅读, 网友评论 …).

    Byline lines (来源/作者/发布时间 …) are dropped while no prose has been kept yet:
    above the article they are metadata, inside it they may be quotes.
    """
    kept: list[str] = []
    for raw in lines:
        line = _INLINE_FURNITURE.sub("", raw).strip()
        if _TRAILER_HEADING.match(line) and len(kept) >= _MIN_LINES_BEFORE_TRAILER:
            break
        if not kept and len(line) <= _MAX_BYLINE_LINE and _HEAD_BYLINE.match(line):
            continue
        if any(ch.isalnum() for ch in line) and not is_furniture_line(line):
            kept.append(line)
    return kept

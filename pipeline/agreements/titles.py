"""Names of documents written inside 《》, robust to nesting and unbalanced brackets."""

from __future__ import annotations

import re

# A title longer than this is an unclosed 《 swallowing the article; the longest real
# title in the seeds is 38 characters, official ones rarely pass 60.
MAX_TITLE = 80
# What a signed document's name ends with; "协议书" and "框架协议" end in 协议/书.
DOC_NOUN = re.compile(
    r"(?:协议书?|备忘录|意向书|合作框架|行动计划|协定|合作书|合作纲要|公约|约定书|合同书?)$"
)
# A plan the parties sign jointly counts ("签署了《川渝毗邻地区大气污染联防联控工作方案》").
_LOOSE_DOC = re.compile(
    r"协议|备忘录|协定|意向|框架|公约|约定|合作|协作|协同|共建|共识|行动计划"
    r"|(?:工作|实施|行动|联动)方案|(?:工作|运行|联动)机制|联盟章程|倡议书"  # a charter, an appeal
    r"|(?:任务|事项|合作|项目)清单|宣言"  # a task list, a declaration signed jointly
    r"|(?:移送|衔接|联动|互认)办法"  # rules the parties keep together: "…案件线索移送办法"
)


def read_title(text: str, start: int) -> tuple[str, int] | None:
    """The title opening at text[start] == "《" and the index after its "》", else None.

    Inner 《》 nest (《关于〈…〉的协议》 after NFKC keeps 〈〉, but some sites nest 《《》》).
    """
    if start >= len(text) or text[start] != "《":
        return None
    depth = 0
    limit = min(len(text), start + MAX_TITLE + 2)
    for i in range(start, limit):
        ch = text[i]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
            if depth == 0:
                title = text[start + 1 : i].strip()
                return (title, i + 1) if title else None
        elif ch in "\n。":
            return None
    return None


# "《战略合作框架协议》", "(以下简称《协议》)": what kind of document was signed, or a short name
# for one named before; no document's own name (the labels never count one as a title).
_GENERIC = re.compile(r"^(?:战略)?(?:合作)?(?:框架)?(?:协议书?|备忘录|合同)$")


def is_generic(title: str) -> bool:
    """Whether a 《》 name only says what kind of document it is ("合作协议")."""
    return _GENERIC.match(title) is not None


def is_document_title(title: str) -> bool:
    """A signed title names an agreement-like document, not a book, film or newspaper."""
    return bool(_LOOSE_DOC.search(title))

"""Same event, different wording: event keys and the round-up rule, on a real SQLite file."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from pipeline import dedup, store
from pipeline.clock import utcnow
from pipeline.dedup.events import key_overlap
from pipeline.page import Page, content_hash

LUZHOU, YONGCHUAN = "四川省泸州市", "重庆市永川区"
SIGNING: Triple = (
    "成渝双城经济圈制造业合作示范区战略合作框架协议",
    [LUZHOU, YONGCHUAN],
    "2020-05-27",
)
SAME_DAY_OTHER: Triple = ("泸永两地青年发展合作协议", [LUZHOU, YONGCHUAN], "2020-05-27")
# The 泸州 round-up of the seed file: 13 signings with different partners, dates and titles.
ROUND_UP: list[Triple] = [
    SIGNING,
    ("生态环境保护合作框架协议", [LUZHOU, "重庆市江津区"], "2020-06-24"),
    ("永西泸东双城经济圈区域合作框架协议", ["重庆市永川区", "四川省泸州市泸县"], "2020-06-11"),
    ("深化物流发展框架协议", [LUZHOU, "重庆市涪陵区"], "2020-04-28"),
    (None, [LUZHOU, "重庆市江津区"], "2020-05-13"),
    (None, [LUZHOU, "重庆市荣昌区"], "2020-07-10"),
    (None, [LUZHOU, YONGCHUAN], "2020-06-10"),
    ("城市综合管理领域战略合作协议", [LUZHOU, YONGCHUAN], "2020-06-28"),
    ("巾帼助力川渝泸永两地协同发展战略合作框架协议", [LUZHOU, YONGCHUAN], "2020-06-16"),
    ("巾帼助力泸荣两地一体化发展战略合作框架协议", [LUZHOU, "重庆市荣昌区"], "2020-07-15"),
    (None, [LUZHOU, YONGCHUAN], "2020-06-19"),
    ("川南渝西人才协同发展合作协议", [LUZHOU, YONGCHUAN, "四川省宜宾市"], "2020-07-02"),
    ("文化旅游合作协议", [LUZHOU, "重庆市江津区"], "2020-07-08"),
]


Triple = tuple[str | None, list[str], str | None]


def save(
    session: Session, number: int, agreements: list[Triple]
) -> tuple[int, dedup.DuplicateMatch | None]:
    """Insert an article and look up / record its event keys, as the item pipeline does."""
    text = f"第{number}篇报道的正文。"
    page = Page(
        title="t", text=text, norm_title="t", norm_text=text, published_at=None, author=None,
        credited_source=None, language="zh-Hans", encoding="utf-8", method="test",
        content_hash=content_hash(text),
    )  # fmt: skip
    url = f"https://x.cn/{number}"
    article_id = store.insert_article("s", url, page, b"", None, utcnow(), session=session)
    assert article_id is not None
    keys = dedup.event_keys(agreements)
    match = dedup.find_same_event(keys, session=session, exclude_id=article_id)
    dedup.index_events(article_id, keys, session=session)
    return article_id, match


def test_keys_need_a_specific_title_or_two_regions_and_a_full_date() -> None:
    assert len(dedup.event_keys([SIGNING])) == 2
    assert dedup.event_keys([("战略合作框架协议", [LUZHOU], "05-27")]) == []  # generic, no year
    assert len(dedup.event_keys([(None, [LUZHOU, YONGCHUAN], "2020-05-27")])) == 1
    assert dedup.event_keys([(None, [LUZHOU, YONGCHUAN], "05-27")]) == []
    assert dedup.event_keys([(None, [LUZHOU, LUZHOU], "2020-05-27")]) == []
    # Order, punctuation, width and duplicates do not matter; the year does.
    title, regions, day = SIGNING
    same = ("《" + title.replace("框架", "框架 ") + "》", [YONGCHUAN, LUZHOU, LUZHOU], day)
    assert dedup.event_keys([same]) == dedup.event_keys([SIGNING])
    assert dedup.event_keys([(title, regions, "2021-05-27")]) != dedup.event_keys([SIGNING])


def test_measured_key_overlap_of_the_cases_the_rule_separates() -> None:
    single = dedup.event_keys([SIGNING])
    assert key_overlap(single, dedup.event_keys([SIGNING])) == 1.0  # two wordings: link
    two = dedup.event_keys([SIGNING, SAME_DAY_OTHER])
    assert key_overlap(single, two) == 2 / 3  # same ceremony, one more agreement: link
    round_up = dedup.event_keys(ROUND_UP)
    # 13 date keys + 8 title keys (《深化物流发展框架协议》 is generic: 物流 alone is left).
    assert len(round_up) == 21
    assert key_overlap(single, round_up) == 2 / 21  # round-up vs one of its signings: no link
    later = dedup.event_keys([(SIGNING[0], SIGNING[1], "2021-03-02")])
    assert key_overlap(single, later) == 0.0  # same parties sign again next year: no link


def test_two_wordings_of_one_signing_link_to_the_first(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        first, none = save(session, 1, [SIGNING])
        _, by_title = save(session, 2, [(SIGNING[0], [LUZHOU], "2020-05-27")])
        _, by_place = save(session, 3, [(None, [YONGCHUAN, LUZHOU], "2020-05-27")])
        _, ceremony = save(session, 4, [SIGNING, SAME_DAY_OTHER])
    assert none is None
    assert by_title == dedup.DuplicateMatch(first, "event", 0.5)
    assert by_place == dedup.DuplicateMatch(first, "event", 0.5)
    assert ceremony is not None
    assert ceremony.article_id == first
    assert ceremony.similarity == pytest.approx(2 / 3)


def test_a_round_up_and_a_single_signing_stay_two_stories(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        _, first = save(session, 1, ROUND_UP)
        _, single = save(session, 2, [SIGNING])
        _, other_round_up = save(session, 3, ROUND_UP[1:])  # a re-worded round-up: 19 of 21
    assert first is None
    assert single is None
    assert other_round_up is not None
    assert other_round_up.reason == "event"

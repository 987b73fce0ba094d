"""Deduplication against a real SQLite file migrated by Alembic, as the item pipeline uses it."""

from __future__ import annotations

import pickle

import sqlalchemy as sa
from sqlmodel import Session, select

from pactwatch.sample_site.catalogue import load_articles
from pipeline import dedup, store
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.dedup.shingles import clean, jaccard, shingle_hashes
from pipeline.models import Article, EventKey, MinhashBand
from pipeline.normalise import normalise
from pipeline.page import Page, content_hash


def save(session: Session, text: str, url: str) -> tuple[int, dedup.DuplicateMatch | None]:
    """What the item pipeline does per article: insert, find, link, index, one transaction."""
    norm = normalise(text)
    page = Page(
        title="t", text=text, norm_title="t", norm_text=norm, published_at=None, author=None,
        credited_source=None, language="zh-Hans", encoding="utf-8", method="test",
        content_hash=content_hash(norm),
    )  # fmt: skip
    article_id = store.insert_article("s", url, page, b"", None, utcnow(), session=session)
    assert article_id is not None
    fp = dedup.fingerprint(norm, page.content_hash)
    match = dedup.find_duplicate(fp, norm, session=session, exclude_id=article_id)
    if match is not None:
        article = session.get(Article, article_id)
        assert article is not None
        article.duplicate_of, article.duplicate_reason = match.article_id, match.reason
        article.similarity = match.similarity
        session.add(article)
    dedup.index_article(article_id, fp, session=session)
    return article_id, match


def sample(key: str) -> str:
    return next(a.text for a in load_articles() if a.key == key)


def test_same_content_hash_is_a_duplicate_of_the_first(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        first, none = save(session, sample("cq-2603"), "https://a.cn/1.html")
        second, match = save(session, sample("cq-2603") + "\n", "https://b.cn/2.html")
    assert none is None
    assert match == dedup.DuplicateMatch(first, "hash", 1.0)
    assert second > first


ORIGINALS = ("cq-1001", "cq-1002")


def test_sample_site_reprints_link_to_their_originals(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        ids = {key: save(session, sample(key), f"https://x.cn/{key}")[0] for key in ORIGINALS}
        _, reprint = save(session, sample("sc-3002"), "https://y.cn/3002")
        _, hant = save(session, sample("sc-3003"), "https://y.cn/3003")
    assert reprint is not None
    assert (reprint.article_id, reprint.reason) == (ids["cq-1001"], "near")
    assert 0.6 < reprint.similarity < 1.0  # measured 0.716: new headline, prefix, edited lines
    assert hant is not None  # Traditional script: the same once normalised
    assert hant.article_id == ids["cq-1002"]
    assert hant.similarity >= 0.95


def test_distinct_sample_articles_on_similar_topics_are_not_linked(engine: sa.Engine) -> None:
    originals = [a for a in load_articles() if a.kind != "reprint"]
    with Session(engine) as session, session.begin():
        matches = [save(session, a.text, f"https://x.cn/{a.key}")[1] for a in originals]
    assert len(originals) >= 15
    assert matches == [None] * len(originals)


def test_a_copy_of_a_copy_links_to_the_first_report(engine: sa.Engine) -> None:
    lines = normalise(sample("cq-1001")).splitlines()
    other = normalise(sample("cq-1002")).splitlines()
    half = len(lines) // 2
    first = "\n".join(lines)
    middle = "\n".join(lines[:half] + lines[half:][: len(lines) // 4])  # cut the tail
    last = "\n".join(lines[: half // 2] + lines[half // 2 : half] + other[:4])  # cut more, add
    with Session(engine) as session, session.begin():
        root, _ = save(session, first, "https://a.cn/1")
        copy, _ = save(session, middle, "https://b.cn/1")
        _, match = save(session, last, "https://c.cn/1")
    assert match is not None
    assert match.article_id == root != copy


def test_two_processes_share_the_index(url: str, engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        first, _ = save(session, sample("cq-1001"), "https://a.cn/1")
    engine.dispose()
    other = make_engine(url)  # a second crawl process: nothing shared but the database file
    with Session(other) as session, session.begin():
        _, match = save(session, sample("sc-3002"), "https://b.cn/1")
    assert match is not None
    assert (match.article_id, match.reason) == (first, "near")


def test_reanalysis_never_links_an_article_to_its_own_later_copy(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        first, _ = save(session, sample("cq-1001"), "https://a.cn/1")
        save(session, sample("sc-3002"), "https://b.cn/1")
        norm = normalise(sample("cq-1001"))
        fp = dedup.fingerprint(norm, content_hash(norm))
        dedup.forget_article(first, session=session)
        assert dedup.find_duplicate(fp, norm, session=session, exclude_id=first) is None


def test_forget_article_drops_band_and_event_rows(engine: sa.Engine) -> None:
    signing = ("泸州永川制造业合作示范区框架协议", ["四川省泸州市", "重庆市永川区"], "2020-05-27")
    keys = dedup.event_keys([signing])
    with Session(engine) as session, session.begin():
        first, _ = save(session, sample("cq-1001"), "https://a.cn/1")
        dedup.index_events(first, keys, session=session)
        dedup.index_events(first, keys, session=session)  # twice is harmless
        dedup.forget_article(first, session=session)
        assert session.exec(select(MinhashBand).where(MinhashBand.article_id == first)).all() == []
        assert session.exec(select(EventKey).where(EventKey.article_id == first)).all() == []
        norm = normalise(sample("sc-3002"))
        fp = dedup.fingerprint(norm, content_hash(norm))
        assert dedup.find_duplicate(fp, norm, session=session) is None
        assert dedup.find_same_event(keys, session=session) is None


def test_fingerprint_is_pure_picklable_and_fits_bigint() -> None:
    norm = normalise(sample("cq-1001"))
    fp = dedup.fingerprint(norm, content_hash(norm))
    assert fp == dedup.fingerprint(norm, content_hash(norm))
    assert pickle.loads(pickle.dumps(fp)) == fp
    assert len(fp.bands) == 32
    assert all(-(2**63) <= bucket < 2**63 for bucket in fp.bands)
    assert fp.shingle_count == len(shingle_hashes(norm))
    assert dedup.fingerprint("", content_hash("")) == dedup.Fingerprint(content_hash(""), 0, ())


def test_shingles_ignore_punctuation_space_and_template_lines() -> None:
    body = "4月1日,绵阳市与北碚区签订合作协议。\n双方携手共建。"
    assert clean(body) == "4月1日绵阳市与北碚区签订合作协议双方携手共建"
    assert clean("来源:重庆日报\n" + body + "\n责任编辑:王伟") == clean(body)
    assert clean("记者从市经信委获悉,两地签约。") == "记者从市经信委获悉两地签约"
    assert jaccard(shingle_hashes(body), shingle_hashes(body.replace(",", " , "))) == 1.0

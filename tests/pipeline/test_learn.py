"""Learning from review: when the text model may join the rules, and its file's life."""

from __future__ import annotations

import json
import logging
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from pactwatch.core.db import upgrade
from pipeline import store
from pipeline.db import make_engine
from pipeline.learn import (
    MODEL_VERSION,
    Example,
    TextModel,
    TrainReport,
    article_text,
    combine,
    decision,
    labels_from_review,
    rescore,
    review_examples,
    train,
)
from pipeline.models import Article, ReviewLabel
from pipeline.page import Page, content_hash
from tests.databases import fresh_database_url

PLACES = ["成都市", "重庆市", "泸州市", "绵阳市", "宜宾市", "南充市", "达州市", "万州区"]
PLACES += ["涪陵区", "永川区", "德阳市", "乐山市", "遂宁市", "江津区"]
BODIES = ["人民政府", "高新区管委会", "投资集团", "发展和改革委员会", "商务局", "经开区"]
SECTORS = ["文旅", "新能源汽车", "电子信息", "现代农业", "医疗康养", "物流", "数字经济"]

# (label, the simulated rules' score, title, body). The rules get the first three right and
# make two systematic mistakes a text model can learn: they take a planned signing (拟…签订)
# for a signed one, and miss a signing worded without 签署 (牵手 … 交换合作文本).
KINDS: list[tuple[bool, float, str, str]] = [
    (
        True,
        0.85,
        "{a}与{b}签署{s}战略合作协议",
        "{d}，{a}{o}与{b}{o2}在{a}签署《{s}战略合作框架协议》。双方将在{s}领域深化合作。",
    ),
    (
        False,
        0.15,
        "{a}召开{s}工作座谈会",
        "{d}，{a}{o}召开{s}工作座谈会，研究部署下一阶段重点工作，{b}有关负责人列席。",
    ),
    (
        False,
        0.10,
        "{a}印发{s}发展规划",
        "{d}，{a}{o}印发《{s}产业发展规划（2025—2030年）》，提出打造{s}产业集群。",
    ),
    (
        False,
        0.80,
        "{a}与{b}拟签订{s}合作协议",
        "{d}，{a}{o}表示，拟于下月与{b}{o2}签订{s}合作协议，目前双方正就协议文本进行磋商。",
    ),
    (
        True,
        0.30,
        "{a}与{b}牵手共建{s}产业园",
        "{d}，{a}{o}与{b}{o2}正式牵手，共建{s}产业园，双方负责人现场交换了合作文本。",
    ),
]
MIX = [0, 0, 0, 1, 1, 2, 2, 3, 3, 4]  # 3 signed, 2 meetings, 2 plans, 2 planned, 1 牵手 in 10


def synthetic(n: int, *, seed: int = 1, source: str = "review") -> list[Example]:
    """`n` labelled short texts from the templates, with varied places, bodies and dates."""
    rng = random.Random(seed)
    examples = []
    for i in range(n):
        label, rule_score, title, body = KINDS[MIX[i % len(MIX)]]
        a, b = rng.sample(PLACES, 2)
        fill = {
            "a": a,
            "b": b,
            "o": rng.choice(BODIES),
            "o2": rng.choice(BODIES),
            "s": rng.choice(SECTORS),
            "d": f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        }
        text = article_text(title.format(**fill), body.format(**fill))
        jitter = rng.uniform(-0.05, 0.05)
        examples.append(Example(text, label, rule_score + jitter, source))
    return examples


Trained = tuple[TextModel, TrainReport]


@pytest.fixture(scope="module")
def trained() -> Trained:
    model, report = train(synthetic(100))
    assert model is not None
    return model, report


def test_no_labels_leaves_the_rules_alone() -> None:
    model, report = train([])
    assert model is None
    assert not report.validated
    assert report.weight == 0.0
    assert "no labels" in report.message


def test_labels_of_one_class_fit_no_model() -> None:
    rejected = [e for e in synthetic(40) if not e.label]
    model, report = train(rejected)
    assert model is None
    assert (report.validated, report.weight) == (False, 0.0)


def test_few_labels_are_not_enough_to_validate() -> None:
    model, report = train(synthetic(12))
    assert model is not None  # fitted, but not trusted
    assert (report.validated, report.weight, model.weight) == (False, 0.0, 0.0)
    assert report.held_back == 4  # a quarter of 6 positives and of 6 negatives, rounded
    assert "need ≥ 20 held back" in report.message
    assert report.message.endswith("rules alone")


def test_bundled_examples_fit_but_never_validate() -> None:
    model, report = train(synthetic(100, source="bundled"))
    assert model is not None
    assert (report.trained_on, report.held_back) == (100, 0)
    assert not report.validated


def test_model_that_fixes_systematic_rule_mistakes_is_validated(trained: Trained) -> None:
    model, report = trained
    assert model is not None
    assert report.held_back == 25  # a quarter of each class: 11 of 45 positives, 14 of 55
    assert report.trained_on == 75
    assert report.validated, report.message
    assert 0.0 < report.weight <= 1.0
    assert report.combined_f1 > report.rules_f1
    assert model.weight == report.weight


def test_model_is_not_validated_when_the_rules_are_already_right() -> None:
    right = [Example(e.text, e.label, 0.9 if e.label else 0.1, e.source) for e in synthetic(100)]
    model, report = train(right)
    assert model is not None
    assert report.rules_f1 == 1.0
    assert (report.validated, report.weight) == (False, 0.0)
    assert report.message.startswith("not validated on 25 held-back labels")


def test_combined_score_corrects_the_rules_on_unseen_texts(trained: Trained) -> None:
    model, _ = trained
    fresh = synthetic(50, seed=99)
    wrong_rules = [e for e in fresh if decision(e.rule_score) != e.label]
    assert wrong_rules  # the two mistaken kinds are in the mix
    fixed = [e for e in wrong_rules if decision(rescore(model, e.text, e.rule_score)) == e.label]
    assert len(fixed) >= 0.9 * len(wrong_rules)


def test_training_is_deterministic(trained: Trained) -> None:
    model, report = trained
    again_model, again_report = train(synthetic(100))
    assert again_report == report
    assert again_model is not None and model is not None
    text = synthetic(1, seed=7)[0].text
    assert again_model.proba(text) == model.proba(text)


def test_a_text_in_review_and_bundled_is_held_back_or_fitted_once() -> None:
    review = synthetic(100)
    _, report = train(review + [Example(e.text, e.label, e.rule_score, "bundled") for e in review])
    assert (report.trained_on, report.held_back) == (75, 25)


@pytest.mark.parametrize("rule_score", [0.0, 0.1234567, 0.5, 0.98, 1.0])
@pytest.mark.parametrize("model_proba", [0.0, 0.3, 1.0])
def test_weight_zero_gives_the_rule_score_exactly(rule_score: float, model_proba: float) -> None:
    assert combine(rule_score, model_proba, 0.0) == rule_score


def test_combine_moves_towards_the_model_with_weight() -> None:
    blends = [combine(0.8, 0.1, w) for w in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert blends == sorted(blends, reverse=True)
    assert combine(0.8, 0.1, 1.0) == pytest.approx(0.1)
    assert combine(0.3, 0.3, 0.5) == pytest.approx(0.3)


def test_decision_threshold() -> None:
    assert decision(0.5) and not decision(0.4999)


@pytest.mark.parametrize(
    ("verdict", "is_agreement", "label"),
    [
        ("approve", True, True),
        ("approve", False, False),
        ("approve", None, None),
        ("reject", True, False),
        ("reject", False, False),
        ("reject", None, False),
        ("correct", True, True),
        ("correct", False, True),
        ("correct", None, True),
        ("skip", True, None),
    ],
)
def test_labels_from_review(verdict: str, is_agreement: bool | None, label: bool | None) -> None:
    assert labels_from_review(verdict, is_agreement) is label


def test_rescore_without_a_trusted_model_is_the_rule_score() -> None:
    unvalidated, _ = train(synthetic(12))
    assert rescore(None, "任意文本", 0.42) == 0.42
    assert rescore(unvalidated, "任意文本", 0.42) == 0.42


def test_save_and_load_round_trip(trained: Trained, tmp_path: Path) -> None:
    model, report = trained
    path = tmp_path / "models" / "text.npz"
    model.save(path)
    loaded = TextModel.load(path)
    assert loaded is not None
    assert loaded.report == report
    for e in synthetic(20, seed=5):
        assert loaded.proba(e.text) == model.proba(e.text)
    sidecar = json.loads(path.with_suffix(".json").read_text())
    assert sidecar["version"] == MODEL_VERSION
    assert sidecar["report"]["weight"] == report.weight
    assert sorted(p.name for p in path.parent.iterdir()) == ["text.json", "text.npz"]
    assert path.stat().st_size < 5_000_000


def test_save_replaces_an_older_model(trained: Trained, tmp_path: Path) -> None:
    model, _ = trained
    path = tmp_path / "text.npz"
    path.write_bytes(b"old")
    model.save(path)
    assert TextModel.load(path) is not None


def test_load_of_a_missing_file_is_none(tmp_path: Path) -> None:
    assert TextModel.load(tmp_path / "absent.npz") is None


def test_load_of_a_corrupt_file_is_none_and_says_why(
    trained: Trained, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model, _ = trained
    garbage, truncated = tmp_path / "garbage.npz", tmp_path / "truncated.npz"
    garbage.write_bytes(b"\x00not a model at all")
    model.save(truncated)
    truncated.write_bytes(truncated.read_bytes()[:200])
    with caplog.at_level(logging.WARNING, logger="pipeline.learn.model"):
        assert TextModel.load(garbage) is None
        assert TextModel.load(truncated) is None
    assert caplog.text.count("unusable") == 2


def test_load_of_another_version_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model, _ = train(synthetic(12))
    assert model is not None
    path = tmp_path / "text.npz"
    monkeypatch.setattr("pipeline.learn.model.MODEL_VERSION", "charngram-0")
    model.save(path)
    monkeypatch.undo()
    assert TextModel.load(path) is None


def _article(session: Session, n: int, is_agreement: bool | None, score: float | None) -> int:
    title, text = f"标题{n}", f"正文{n}，两地签署合作协议。"
    page = Page(
        title=title,
        text=text,
        norm_title=title,
        norm_text=text,
        published_at=None,
        author=None,
        credited_source=None,
        language="zh-Hans",
        encoding="utf-8",
        method="trafilatura",
        content_hash=content_hash(text),
    )
    now = datetime.now(UTC)
    article_id = store.insert_article(
        "s", f"https://e.cn/{n}", page, b"", None, now, session=session
    )
    assert article_id is not None
    article = session.get(Article, article_id)
    assert article is not None
    article.is_agreement, article.score, article.rule_score = is_agreement, score, score
    session.add(article)
    return article_id


def test_review_examples_take_each_articles_latest_decision(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "store")
    upgrade(url)
    with Session(make_engine(url)) as session, session.begin():
        store.ensure_source("s", "Sample", None, session=session)
        approved = _article(session, 1, True, 0.9)
        changed_mind = _article(session, 2, True, 0.8)
        unanalysed = _article(session, 3, None, None)
        _article(session, 4, False, 0.2)  # never reviewed
        for article_id, verdict in [
            (approved, "approve"),
            (changed_mind, "approve"),
            (changed_mind, "reject"),
            (unanalysed, "reject"),
        ]:
            session.add(ReviewLabel(article_id=article_id, decision=verdict))
    with Session(make_engine(url)) as session:
        examples = review_examples(session=session)
    assert examples == [
        Example("标题1\n正文1，两地签署合作协议。", True, 0.9, "review"),
        Example("标题2\n正文2，两地签署合作协议。", False, 0.8, "review"),
    ]

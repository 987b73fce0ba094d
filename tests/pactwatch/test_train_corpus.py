"""`pactwatch train` fits on the packaged examples plus corpora given by path."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from pactwatch.core.db import upgrade
from pactwatch.tasks.train import bundled_examples, run_training
from pipeline import store
from pipeline.agreements import recognise
from pipeline.db import make_engine
from pipeline.learn.bundled import CorpusError, corpus_examples, packaged_examples
from pipeline.models import Agreement
from pipeline.page import read_plain_text
from pipeline.understand import sectors_at
from tests.conftest import Cli
from tests.databases import fresh_database_url

SIGNED = "6月18日,泸州市人民政府与重庆市江津区人民政府签署《沿江开放发展战略合作协议》。"
MEETING = "6月18日,泸州市与江津区召开联席会议,研究下一步合作事项。"


def test_packaged_examples_are_read_from_the_package() -> None:
    examples = packaged_examples()
    assert len(examples) >= 40
    assert {e.label for e in examples} == {True, False}


def test_a_labelled_directory_skips_its_dev_rows(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SIGNED, encoding="utf-8")
    (tmp_path / "b.txt").write_text(MEETING, encoding="utf-8")
    rows = [
        {"file": "a.txt", "agreement": True, "split": "train"},
        {"file": "b.txt", "agreement": False, "split": "dev"},
    ]
    (tmp_path / "labels.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )
    (example,) = corpus_examples(tmp_path)
    assert example.label and example.text == SIGNED
    assert len(bundled_examples([tmp_path])) == len(bundled_examples()) + 1


def test_a_jsonl_corpus_and_a_broken_one(tmp_path: Path) -> None:
    good = tmp_path / "more.jsonl"
    good.write_text(json.dumps({"text": MEETING, "agreement": False}) + "\n", encoding="utf-8")
    assert [e.label for e in corpus_examples(good)] == [False]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "no label"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl"):
        corpus_examples(bad)


def test_train_takes_corpora_and_refuses_a_bad_one(cli: Cli, tmp_path: Path) -> None:
    cli.run("db", "upgrade")
    corpus = tmp_path / "mine.jsonl"
    corpus.write_text(json.dumps({"text": SIGNED, "agreement": True}) + "\n", encoding="utf-8")
    assert "rules alone" in cli.run("train", "--corpus", str(corpus)).stdout
    missing = cli.run("train", "--corpus", str(tmp_path / "nope"), check=False)
    assert missing.returncode == 2
    assert "corpus not found" in missing.stderr
    wrong = tmp_path / "notes.csv"
    wrong.write_text("x", encoding="utf-8")
    refused = cli.run("train", "--corpus", str(wrong), check=False)
    assert refused.returncode == 2
    assert "cannot read corpus" in refused.stderr


def _corrected_store(url: str, n: int) -> None:
    """`n` stored reports whose agreement a reviewer corrected to environment + agriculture."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with Session(engine) as session, session.begin():
        store.ensure_source("s", "Sample", None, session=session)
        for i in range(n):
            text = (
                f"6月{i + 1}日,{COUNTIES[i]}与荣昌区签署《生态共建合作协议》,双方将共建生态屏障。"
            )
            page = read_plain_text(text.encode("utf-8"))
            article_id = store.insert_article(
                "s", f"https://e.cn/{i}", page, b"", None, now, session=session
            )
            assert article_id is not None
            session.add(
                Agreement(
                    article_id=article_id,
                    title="生态共建合作协议",
                    parties=[COUNTIES[i], "荣昌区"],
                    regions=["重庆市荣昌区"],
                    sectors=["environment", "agriculture"],
                    evidence=text,
                    corrected=True,
                )
            )
    engine.dispose()


COUNTIES = ["隆昌市", "泸县", "威远县", "资中县", "安岳县", "富顺县", "荣县", "内江市",
            "合江县", "叙永县", "古蔺县", "纳溪区"]  # fmt: skip
TEXT = "6月20日,大足区与荣昌区签署《生态共建合作协议》,双方将共建生态屏障。"


def test_corrections_refit_the_sectors_once_there_are_enough(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    model_path = tmp_path / "model.npz"
    _corrected_store(url, 9)
    _, said = run_training(url, model_path)
    assert "need ≥ 10" in said
    assert sectors_at(str(model_path)) is None
    shipped = recognise("", TEXT, None).agreements[0].sectors
    assert shipped == ("environment",)

    fresh = fresh_database_url(tmp_path, "more")
    upgrade(fresh)
    _corrected_store(fresh, 12)
    _, said = run_training(fresh, model_path)
    assert "refitted with 12 corrected" in said
    refit = sectors_at(str(model_path))
    assert refit is not None
    assert recognise("", TEXT, None, refit).agreements[0].sectors == ("environment", "agriculture")

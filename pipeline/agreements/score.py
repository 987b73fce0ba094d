"""Article-level features and the logistic model that turns them into a probability."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.agreements.clauses import Clause, Kind
from pipeline.agreements.extract import Draft

_HEAD_SIGN = re.compile(
    r"(?:签署|签订|签约|缔结|牵手|携手).{0,20}?(?:协议|备忘录|意向书|合作)|签约"
)
_HEAD_NOT_YET = re.compile(r"拟|将|即将|计划|有望|起草|研究")
_HEAD_OTHER = re.compile(
    r"印发|发布|规划纲要|纲要|方案|预案|宣言|联席会议|座谈会|对接会|研讨|论文|研究|调研|"
    r"召开|开幕|举办|演练|会议|机制"
)
_ACADEMIC = re.compile(r"摘要[:]|关键词[:]|参考文献|\[\d+\]|本文")
# A court case or legal advice about an agreement tells a dispute, not a signing.
_LEGAL = re.compile(r"原告|被告|诉称|上诉人|审理查明|判决如下|判决书|纠纷|仲裁|律师|劳动合同")


@dataclass(frozen=True, slots=True)
class Features:
    """What the rules saw in one article; each field is one model input."""

    signed: float  # signing clauses and ceremonies, not background (log1p)
    agreements: float  # signed agreements with named parties, capped at 3
    titled: float  # one of them names its document in 《》
    lead: float  # the first signing is in the first three sentences
    headline_signs: float  # the headline reports a signing
    headline_other: float  # the headline is about a meeting, a plan, a study
    not_yet: float  # planned / drafted / hoped-for signings (log1p of count)
    counts: float  # "累计签署…252份" style mentions (log1p)
    references: float  # back-references and history (log1p)
    only_history: float  # every signing found is background (dated long before, 曾, 早在)
    academic: float  # paper furniture: 摘要, 关键词, 参考文献
    legal: float  # a court case or legal advice (log1p of its terms in the first 5,000)
    depth: float  # how far into the text the first current signing is (0 lead … 1 end)

    def vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in FEATURES)


FEATURES: tuple[str, ...] = tuple(Features.__dataclass_fields__)

# Fitted by `bench/analysis_eval.py --fit` (L2-regularised logistic regression, λ=0.3)
# on our train, seeds and sample-site cases and the train split of ../shared/corpus
# (177 articles; dev is only measured, bench/reports_eval.py). not_yet and references are
# positive: real reports of a signing go on to say what the parties "将" do next and
# mention earlier agreements; the rules already keep those clauses from being agreements.
INTERCEPT = -1.62
WEIGHTS: dict[str, float] = {
    "signed": 1.99,
    "agreements": 3.40,
    "titled": 0.74,
    "lead": 0.97,
    "headline_signs": 0.41,
    "headline_other": -0.40,
    "not_yet": 0.54,
    "counts": -0.33,
    "references": 0.28,
    "only_history": -0.42,
    "academic": -0.24,
    "legal": -0.56,
    "depth": -1.57,
}


def features(
    headline: str, text: str, clauses: Sequence[Clause], drafts: Sequence[Draft]
) -> Features:
    """The model inputs for one article."""
    current = [d for d in drafts if d.parties]
    kinds = [c.kind for c in clauses]
    signed = [c for c in clauses if c.kind is Kind.SIGNED]
    head_sign = bool(_HEAD_SIGN.search(headline)) and not _HEAD_NOT_YET.search(headline)
    return Features(
        signed=math.log1p(len(signed) + kinds.count(Kind.CEREMONY)),
        agreements=float(min(len(current), 3)),
        titled=float(any(d.in_brackets for d in current)),
        lead=float(any(c.sentence.start < _lead_end(text) for c in signed)),
        headline_signs=float(head_sign),
        headline_other=float(bool(_HEAD_OTHER.search(headline)) and not head_sign),
        not_yet=math.log1p(kinds.count(Kind.NOT_YET)),
        counts=math.log1p(kinds.count(Kind.COUNT)),
        references=math.log1p(kinds.count(Kind.REFERENCE) + kinds.count(Kind.PAST)),
        only_history=float(Kind.PAST in kinds and not signed and Kind.CEREMONY not in kinds),
        academic=float(bool(_ACADEMIC.search(text[:5000]))),
        legal=math.log1p(len(_LEGAL.findall(text[:5000]))),
        depth=min(c.sentence.start for c in signed) / max(len(text), 1) if signed else 1.0,
    )


def _lead_end(text: str) -> int:
    """Offset where the fourth sentence begins, roughly: the lead is ~3 sentences."""
    ends = [m.end() for m in re.finditer(r"[。!?\n]", text[:3000])]
    return ends[2] if len(ends) > 2 else len(text)


def probability(
    f: Features, weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """Logistic model; `weights`/`bias` override the pinned ones while fitting."""
    w = WEIGHTS if weights is None else weights
    z = INTERCEPT if bias is None else bias
    z += sum(w[name] * value for name, value in zip(FEATURES, f.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

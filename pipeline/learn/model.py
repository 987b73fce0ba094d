"""The text model: character 1–3-gram TF-IDF and a logistic regression, kept as plain arrays.

The n-grams are counted with numpy, not scikit-learn's `TfidfVectorizer`: on 3 KB articles
the vectorizer's per-n-gram Python loop cost 1.7 ms a text and 29 s to fit 2,000 texts
(measured), against a budget of 1 ms and 10 s. The weighting is the vectorizer's own
(sublinear tf, smooth idf, l2 norm); only the counting differs.

Saved as `.npz` read with `allow_pickle=False`, so a model file cannot run code when loaded,
plus a JSON sidecar for people and the CLI.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.linear_model import LogisticRegression

log = logging.getLogger(__name__)

# Bump whenever n-gram keys, weighting or the file layout change: older files then load as None.
MODEL_VERSION = "charngram-1"
# The rules read the first 5,000 characters too (agreements/score.py); it bounds proba() time.
MAX_CHARS = 5000
MAX_FEATURES = 50_000  # ~1 MB on disk; a 2,000-article corpus has ~10^6 distinct n-grams
MIN_DF = 2  # an n-gram seen in a single text cannot generalise
C = 4.0  # inverse L2 strength; l2-normalised TF-IDF rows want weak regularisation

# An n-gram's key is its code points (+1, so none is 0) in base 2^21, which holds any code
# point: unigrams < 2^21 ≤ bigrams < 2^42 ≤ trigrams < 2^63. Exact, so no hash collisions.
_BASE = np.uint64(1 << 21)
_SPACES = re.compile(r"\s+")

Keys = npt.NDArray[np.uint64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class TrainReport:
    """How a model was trained and how it did on the held-back review labels."""

    trained_on: int  # examples fitted: bundled + review labels not held back
    held_back: int  # review labels kept out of fitting, to judge it
    rules_f1: float  # on the held-back labels (0 when none were held back)
    model_f1: float
    combined_f1: float
    validated: bool  # combined beat the rules on enough held-back labels
    weight: float  # the model's weight in `combine`; 0 when not validated
    message: str  # one line for the CLI


def ngram_keys(text: str) -> Keys:
    """The key of every character 1-, 2- and 3-gram of `text` (with repeats)."""
    text = _SPACES.sub(" ", text[:MAX_CHARS].lower())
    raw = text.encode("utf-32-le", errors="surrogatepass")
    codes = np.frombuffer(raw, dtype=np.uint32).astype(np.uint64) + np.uint64(1)
    bigrams = codes[:-1] * _BASE + codes[1:]
    trigrams = bigrams[:-1] * _BASE + codes[2:]
    return np.concatenate([codes, bigrams, trigrams])


class TextModel:
    """P(article reports signed agreements | its text), learnt from labelled texts."""

    __slots__ = ("coef", "idf", "intercept", "report", "vocab")

    def __init__(
        self,
        vocab: Keys,
        idf: Floats,
        coef: Floats,
        intercept: float,
        report: TrainReport | None = None,
    ) -> None:
        self.vocab = vocab  # sorted n-gram keys
        self.idf = idf
        self.coef = coef
        self.intercept = intercept
        self.report = report

    @property
    def weight(self) -> float:
        """The model's weight against the rules: 0 unless validated on held-back labels."""
        return self.report.weight if self.report is not None else 0.0

    def logit(self, text: str) -> float:
        """The model's log-odds for one text."""
        idx, tfidf = _row(text, self.vocab, self.idf)
        return self.intercept + float(tfidf @ self.coef[idx])

    def proba(self, text: str) -> float:
        """The model's probability that `text` reports signed agreements."""
        return float(1.0 / (1.0 + np.exp(-self.logit(text))))

    def with_report(self, report: TrainReport) -> TextModel:
        return TextModel(self.vocab, self.idf, self.coef, self.intercept, report)

    def save(self, path: Path) -> None:
        """Write the model to `path` (.npz) and its report to `path.with_suffix(".json")`."""
        meta = json.dumps(_meta(self.report), ensure_ascii=False)
        _atomic_write(
            path,
            lambda f: np.savez_compressed(
                f,
                vocab=self.vocab,
                idf=self.idf,
                coef=self.coef,
                intercept=np.float64(self.intercept),
                meta=np.str_(meta),
            ),
        )
        # The sidecar is for reading only: load() trusts the copy inside the .npz.
        _atomic_write(path.with_suffix(".json"), lambda f: f.write(meta.encode() + b"\n"))

    @classmethod
    def load(cls, path: Path) -> TextModel | None:
        """The model saved at `path`; None (logged) when missing, corrupt or of another version."""
        if not path.exists():
            log.info("no text model at %s: rules alone", path)
            return None
        try:
            return _load(path)
        # np.load on a damaged archive raises BadZipFile, EOFError, zlib.error, ValueError,
        # OSError…: any failure means "no usable model", never a crash of the caller.
        except Exception as exc:
            log.warning(
                "text model %s unusable (%s: %s): rules alone", path, type(exc).__name__, exc
            )
            return None


def fit(texts: Sequence[str], labels: Sequence[bool]) -> tuple[TextModel, sparse.csr_matrix]:
    """Fit vocabulary, idf and regression on labelled texts; also return their TF-IDF matrix."""
    docs = [np.unique(ngram_keys(t), return_counts=True) for t in texts]
    vocab, idf = _vocabulary([keys for keys, _ in docs])
    matrix = _matrix(docs, vocab, idf)
    reg = regression().fit(matrix, np.asarray(labels, dtype=bool))
    model = TextModel(vocab, idf, reg.coef_[0].astype(np.float64), float(reg.intercept_[0]))
    return model, matrix


def regression() -> LogisticRegression:
    """The unfitted regression; explicit solver and max_iter so scikit-learn never warns."""
    # lbfgs is deterministic; "balanced" because reviewers reject far more than they approve.
    return LogisticRegression(C=C, solver="lbfgs", max_iter=2000, class_weight="balanced")


def _vocabulary(doc_keys: Sequence[Keys]) -> tuple[Keys, Floats]:
    """The MAX_FEATURES n-grams in most texts (ties by key: deterministic), with smooth idf."""
    n = len(doc_keys)
    keys, df = np.unique(np.concatenate(doc_keys), return_counts=True)
    if (df >= MIN_DF).any():
        keys, df = keys[df >= MIN_DF], df[df >= MIN_DF]
    top = np.lexsort((keys, -df))[:MAX_FEATURES]
    order = np.argsort(keys[top])
    keys, df = keys[top][order], df[top][order]
    return keys, np.log((1.0 + n) / (1.0 + df)) + 1.0


def _row(text: str, vocab: Keys, idf: Floats) -> tuple[npt.NDArray[np.intp], Floats]:
    keys, counts = np.unique(ngram_keys(text), return_counts=True)
    return _weigh(keys, counts, vocab, idf)


def _weigh(
    keys: Keys, counts: npt.NDArray[np.intp], vocab: Keys, idf: Floats
) -> tuple[npt.NDArray[np.intp], Floats]:
    """Vocabulary indices and l2-normalised sublinear TF-IDF values of one text's n-grams."""
    idx = np.minimum(np.searchsorted(vocab, keys), len(vocab) - 1)
    known = vocab[idx] == keys
    idx = idx[known]
    values = (1.0 + np.log(counts[known])) * idf[idx]
    norm = float(np.sqrt(values @ values))
    return idx, values / norm if norm > 0 else values


def _matrix(
    docs: Sequence[tuple[Keys, npt.NDArray[np.intp]]], vocab: Keys, idf: Floats
) -> sparse.csr_matrix:
    rows = [_weigh(keys, counts, vocab, idf) for keys, counts in docs]
    indptr = np.cumsum([0] + [len(idx) for idx, _ in rows])
    indices = np.concatenate([idx for idx, _ in rows]) if rows else np.zeros(0, np.intp)
    data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def _meta(report: TrainReport | None) -> dict[str, Any]:
    return {
        "version": MODEL_VERSION,
        "features": f"char 1-3-grams, top {MAX_FEATURES}, first {MAX_CHARS} chars",
        "report": asdict(report) if report is not None else None,
    }


def _load(path: Path) -> TextModel | None:
    # Our own handle: np.load leaks the one it opens when the archive is truncated.
    with path.open("rb") as f, np.load(f, allow_pickle=False) as npz:
        meta = json.loads(str(npz["meta"]))
        if meta.get("version") != MODEL_VERSION:
            log.warning(
                "text model %s is %r, not %r: rules alone", path, meta.get("version"), MODEL_VERSION
            )
            return None
        vocab, idf, coef = npz["vocab"], npz["idf"], npz["coef"]
        intercept = float(npz["intercept"])
    if vocab.dtype != np.uint64 or not (vocab.shape == idf.shape == coef.shape == (len(vocab),)):
        log.warning("text model %s has inconsistent arrays: rules alone", path)
        return None
    report = TrainReport(**meta["report"]) if meta.get("report") else None
    return TextModel(vocab, idf.astype(np.float64), coef.astype(np.float64), intercept, report)


def _atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write through a temporary file in the same directory, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

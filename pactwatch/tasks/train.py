"""`pactwatch train`: fit the review-trained model and keep it only if it proves itself."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from pactwatch.sample_site.catalogue import load_articles
from pipeline.agreements import recognise
from pipeline.agreements.sectors import weights_path
from pipeline.db import make_engine
from pipeline.extract import ExtractionError
from pipeline.learn import Example, TrainReport, article_text, review_examples, train
from pipeline.learn.bundled import LabelledText, corpus_examples, packaged_examples
from pipeline.learn.sectors import (
    SectorExample,
    corrected_examples,
    fit_sector_weights,
    labelled_examples,
)
from pipeline.normalise import normalise
from pipeline.page import normalise_body, read_plain_text

# Corrections are fewer than labelled examples but speak for this newsroom's own reading:
# each counts this many times. Below MIN_CORRECTIONS the shipped weights stand.
CORRECTION_WEIGHT = 3
MIN_CORRECTIONS = 10


def bundled_examples(corpora: Sequence[Path] = ()) -> list[Example]:
    """The packaged examples, the sample site's articles and any `corpora` given.

    Fitting only: `train` validates on reviewers' labels alone, because the rules were tuned
    on these and would look better on them than they are.
    """
    texts = packaged_examples() + _sample_site()
    for path in corpora:
        texts += corpus_examples(path)
    examples = []
    for item in texts:
        title, text = _readable(item)
        rule_score = recognise(title, text, item.published).score
        examples.append(Example(article_text(title, text), item.label, rule_score, "bundled"))
    return examples


def _sample_site() -> list[LabelledText]:
    return [
        LabelledText(a.key, a.headline, "\n".join(a.paragraphs), a.is_agreement)
        for a in load_articles()
    ]


def _readable(item: LabelledText) -> tuple[str, str]:
    """(normalised title, body); a text without a title is read as `analyze` reads .txt."""
    if item.title:
        return normalise(item.title), normalise_body(item.text)
    try:
        page = read_plain_text(item.text.encode("utf-8"))
    except ExtractionError:
        return "", ""
    return page.norm_title, page.norm_text


def run_training(
    database_url: str, model_path: Path, corpora: Sequence[Path] = ()
) -> tuple[TrainReport, str]:
    """Train on review labels plus the bundled examples; save the model only when validated.

    An unvalidated model is removed rather than kept from an earlier run: the latest labels
    are the best evidence of what helps. Sector weights are refitted once reviewers have
    corrected enough agreements (`fit_sectors`); the second value says what became of them.
    """
    engine = make_engine(database_url).execution_options(sqlite_begin="DEFERRED")
    with Session(engine) as session:
        reviewed = review_examples(session=session)
        corrected = corrected_examples(session=session)
    engine.dispose()
    sectors = fit_sectors(corrected, corpora, weights_path(model_path))
    model, report = train([*bundled_examples(corpora), *reviewed])
    if model is not None and report.validated:
        model_path.parent.mkdir(parents=True, exist_ok=True)
        model.save(model_path)
    else:
        for stale in (model_path, model_path.with_suffix(".json")):
            stale.unlink(missing_ok=True)
    return report, sectors


def fit_sectors(corrected: list[SectorExample], corpora: Sequence[Path], path: Path) -> str:
    """Refit the sector weights on the labelled examples plus reviewers' corrections.

    Below `MIN_CORRECTIONS` the corrections are too few to move the shipped fit except by
    noise, so the shipped weights stand (and an older refit is removed).
    """
    if len(corrected) < MIN_CORRECTIONS:
        path.unlink(missing_ok=True)
        return (
            f"sectors: {len(corrected)} corrected agreement(s), need ≥ {MIN_CORRECTIONS} "
            "to refit; the shipped sector weights stand"
        )
    labelled = [
        e
        for item in [*packaged_examples(), *(t for p in corpora for t in corpus_examples(p))]
        if item.label and item.agreements
        for e in _sector_examples(item)
    ]
    examples = labelled + corrected * CORRECTION_WEIGHT
    about = f"refitted by pactwatch train: {len(labelled)} labelled, {len(corrected)} corrected"
    weights = fit_sector_weights(examples, about)
    if weights is None:
        return "sectors: the corrections hold a single label; the shipped sector weights stand"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(weights.to_json(), "utf-8")
    return f"sectors: refitted with {len(corrected)} corrected agreement(s), saved to {path}"


def _sector_examples(item: LabelledText) -> list[SectorExample]:
    title, text = _readable(item)
    gold = [
        (a.get("title") or None, a.get("parties", []), a.get("sectors", []))
        for a in item.agreements
    ]
    return labelled_examples(title, text, gold)

"""`pactwatch train`: fit the review-trained model and keep it only if it proves itself."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlmodel import Session

from pactwatch.sample_site.catalogue import load_articles
from pipeline.agreements import analyse
from pipeline.db import make_engine
from pipeline.extract import ExtractionError
from pipeline.learn import Example, TrainReport, article_text, review_examples, train
from pipeline.learn.bundled import LabelledText, corpus_examples, packaged_examples
from pipeline.normalise import normalise, normalise_body
from pipeline.page import analyse_text


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
        rule_score = analyse(title, text, item.published).score
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
        page = analyse_text(item.text.encode("utf-8"))
    except ExtractionError:
        return "", ""
    return page.norm_title, page.norm_text


def run_training(database_url: str, model_path: Path, corpora: Sequence[Path] = ()) -> TrainReport:
    """Train on review labels plus the bundled examples; save the model only when validated.

    An unvalidated model is removed rather than kept from an earlier run: the latest labels
    are the best evidence of what helps.
    """
    engine = make_engine(database_url).execution_options(sqlite_begin="DEFERRED")
    with Session(engine) as session:
        reviewed = review_examples(session=session)
    engine.dispose()
    model, report = train([*bundled_examples(corpora), *reviewed])
    if model is not None and report.validated:
        model_path.parent.mkdir(parents=True, exist_ok=True)
        model.save(model_path)
    else:
        for stale in (model_path, model_path.with_suffix(".json")):
            stale.unlink(missing_ok=True)
    return report

"""`pactwatch train`: fit the review-trained model and keep it only if it proves itself."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from pipeline.agreements import analyse
from pipeline.agreements.evaluation import load_all
from pipeline.db import make_engine
from pipeline.learn import Example, TrainReport, article_text, review_examples, train


def bundled_examples() -> list[Example]:
    """The labelled corpus the rules were built on, when this is a source checkout.

    Fitting only: `train` validates on reviewers' labels alone, because the rules were tuned
    on these and would look better on them than they are.
    """
    examples = []
    for case in load_all():
        if case.split == "heldout":
            continue  # kept for measuring the rules, never for fitting
        rule_score = analyse(case.title, case.text, case.published).score
        examples.append(
            Example(article_text(case.title, case.text), case.is_agreement, rule_score, "bundled")
        )
    return examples


def run_training(database_url: str, model_path: Path) -> TrainReport:
    """Train on review labels plus the bundled corpus; save the model only when validated.

    An unvalidated model is removed rather than kept from an earlier run: the latest labels
    are the best evidence of what helps.
    """
    engine = make_engine(database_url).execution_options(sqlite_begin="DEFERRED")
    with Session(engine) as session:
        reviewed = review_examples(session=session)
    engine.dispose()
    model, report = train([*bundled_examples(), *reviewed])
    if model is not None and report.validated:
        model_path.parent.mkdir(parents=True, exist_ok=True)
        model.save(model_path)
    else:
        for stale in (model_path, model_path.with_suffix(".json")):
            stale.unlink(missing_ok=True)
    return report

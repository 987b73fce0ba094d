"""Recognise articles reporting signed cooperation agreements and extract each agreement.

Pure rules plus a small logistic model (`score.py`); regions come from `pipeline.gazetteer`.
`ANALYSIS_VERSION` is stored with every analysis: bump it whenever a rule or weight changes.
"""

from __future__ import annotations

from pipeline.agreements.recognise import recognise
from pipeline.agreements.results import Analysis, FoundAgreement

ANALYSIS_VERSION = "rules-22"

__all__ = ["ANALYSIS_VERSION", "Analysis", "FoundAgreement", "recognise"]

"""What analysis returns: the article verdict and the agreements found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FoundAgreement:
    """One signed agreement as the article reports it."""

    title: str | None  # inside 《》 without brackets, else None
    parties: tuple[str, ...]  # the signing parties as written
    regions: tuple[str, ...]  # full division names, province down, in party order
    signed_on: str | None  # "YYYY-MM-DD"; "MM-DD" when no year is known; None when unstated
    sectors: tuple[str, ...]  # codes from CONTRACT.md § Sectors
    in_region: bool  # at least one party is in Sichuan or Chongqing
    evidence: str  # the sentence it was read from


@dataclass(frozen=True, slots=True)
class Analysis:
    """The verdict on one article."""

    is_agreement: bool
    score: float  # probability 0-1 that the article reports signed agreements
    evidence: tuple[str, ...]  # the sentences that decided it, ≤ 5
    agreements: tuple[FoundAgreement, ...]
    reason: str | None = None  # why analysis was limited ("empty body", "not Chinese", …)

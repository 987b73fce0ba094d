"""Event keys: what two reports of one signing share even when their wording differs.

Pure functions over plain values from `pipeline.agreements` (title, regions, signed_on), so
this module does not depend on how agreements are found.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

_FULL_DATE = re.compile(r"^(\d{4})-\d{2}-\d{2}$")
_YEAR = re.compile(r"^(\d{4})-")
_NOT_WORD = re.compile(r"[\W_]+")
# Words every agreement title has; what is left must name something specific to be a key, or
# 《战略合作框架协议》 signed by anyone in the same year would link unrelated stories.
_GENERIC = re.compile(
    r"战略|全面|深化|合作|协作|框架|协议书?|备忘录|意向书|协定|合同|共建|推动|加强|关于|"
    r"发展|建设|项目|签约|一体化|协同|共同|区域"
)
_MIN_SPECIFIC_CHARS = 4


def event_keys(agreements: Iterable[tuple[str | None, Sequence[str], str | None]]) -> list[str]:
    """Sorted distinct keys of (title, regions, signed_on) triples.

    - "t:" + hash of the normalised title, with the year when `signed_on` gives one; only
      titles with at least four characters beyond generic agreement words.
    - "r:" + hash of the sorted distinct regions and the date; only with a full YYYY-MM-DD date
      and two or more regions (one region and a date is any local signing that day).
    """
    keys: set[str] = set()
    for title, regions, signed_on in agreements:
        year = _year(signed_on)
        name = _norm(title or "")
        if len(_GENERIC.sub("", name)) >= _MIN_SPECIFIC_CHARS:
            keys.add("t:" + _digest(f"{name}|{year or ''}"))
        places = sorted({_norm(region) for region in regions if _norm(region)})
        if signed_on and _FULL_DATE.match(signed_on) and len(places) >= 2:
            keys.add("r:" + _digest("|".join([*places, signed_on])))
    return sorted(keys)


def key_overlap(first: Sequence[str], second: Sequence[str]) -> float:
    """Shared keys over the size of the LARGER set: the measure `find_same_event` links on.

    The larger set, not the smaller: a round-up of 13 signings holds both keys of any one
    of them, so shared/smaller would be 1.0; shared/larger is 2/26.
    """
    if not first or not second:
        return 0.0
    shared = len(set(first) & set(second))
    return shared / max(len(set(first)), len(set(second)))


def _year(signed_on: str | None) -> str | None:
    match = _YEAR.match(signed_on or "")
    return match.group(1) if match else None


def _norm(text: str) -> str:
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

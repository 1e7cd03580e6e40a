"""A clause that names what the firm asks about only as a wrongdoing ("骗取出口退税等违法行为的，不予支持")
says nothing of how the firm gets it: "出口退税一般多久能退下来" is not answered by it."""

from __future__ import annotations

import re
from typing import Any

from policy_index.normalize import normalize_passage, normalize_query
from policy_index.signals import subject_terms

#: The verbs of a wrongdoing done to something ("骗取出口退税", "套取补贴资金", "偷逃税款").
_WRONGDOING = re.compile(r"骗取|套取|骗领|冒领|虚报|偷逃|逃避|虚开")
#: How far before a term its wrongdoing verb may stand ("骗取国家出口退税").
_REACH = 4


def named_only_as_wrongdoing(question: str, hit: dict[str, Any]) -> bool:
    """Whether every subject term of ``question`` that the clause ``hit`` names stands in it only as the
    object of a wrongdoing; False when the question itself asks about the wrongdoing ("骗取出口退税会
    怎么处理") or the clause names none of its terms."""
    if _WRONGDOING.search(question):
        return False
    text = normalize_passage(str(hit.get("text") or ""))
    named = [term for term in subject_terms(normalize_query(question)) if term in text]
    return bool(named) and all(_only_after_wrongdoing(term, text) for term in named)


def _only_after_wrongdoing(term: str, text: str) -> bool:
    starts = [found.start() for found in re.finditer(re.escape(term), text)]
    return all(_WRONGDOING.search(text[max(0, start - len("骗取") - _REACH) : start]) for start in starts)

"""Phrase hints for Twilio's speech recognition, from the policy vocabulary and the zone names.

The policy words come from ``policy_index``'s domain dictionary (the same lexicon Rasa's tokenizer
uses, read through :func:`policy_index.normalize.dictionary_entries`): recognisers mishear rare terms
(稳岗返还 → 问港返还) unless told to expect them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from policy_index.normalize import dictionary_entries

#: Twilio accepts a few hundred hints; a short, frequent-first list keeps recognition fast.
MAX_HINTS = 100
MAX_HINT_CHARS = 2000
#: Always useful on this hotline, whatever the lexicon holds.
BASE_HINTS = ("转人工", "找律师", "律师团队", "政策咨询", "申请条件", "申报材料", "补贴", "奖补", "稳岗返还")


def _join(words: Iterable[str], limit: int = MAX_HINTS) -> str:
    chosen: list[str] = []
    size = 0
    for word in words:
        word = word.replace(",", "").strip()
        if not word or word in chosen:
            continue
        if len(chosen) >= limit or size + len(word) + 1 > MAX_HINT_CHARS:
            break
        chosen.append(word)
        size += len(word) + 1
    return ",".join(chosen)


@cache
def policy_hints() -> str:
    """Comma-separated hints: the hotline's base words, then lexicon words, most frequent first."""
    lexicon = sorted((e for e in dictionary_entries() if len(e[0]) >= 2), key=lambda e: (-e[1], e[0]))
    return _join([*BASE_HINTS, *(word for word, _, _ in lexicon)])


def zone_hints(zones: Iterable[str], aliases: Iterable[str] = ()) -> str:
    """Comma-separated hints for the zone question: every zone name, then the aliases."""
    return _join([*zones, *aliases], limit=MAX_HINTS)

"""Phrase hints for Twilio's speech recognition, from the policy vocabulary and the zone names.

The policy words come from ``policy_index``'s jieba user dictionary (the same domain lexicon Rasa's
tokenizer uses): recognisers mishear rare terms (稳岗返还 → 问港返还) unless told to expect them.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import policy_index

#: The shared jieba user-dictionary folder (docs/interfaces.md).
LEXICON_DIR = Path(policy_index.__file__).resolve().parent / "lexicon" / "jieba"
#: Twilio accepts a few hundred hints; a short, frequent-first list keeps recognition fast.
MAX_HINTS = 100
MAX_HINT_CHARS = 2000
#: Always useful on this hotline, whatever the lexicon holds.
BASE_HINTS = ("转人工", "找律师", "律师团队", "政策咨询", "申请条件", "申报材料", "补贴", "奖补", "稳岗返还")


def _lexicon_entries(folder: Path) -> list[tuple[str, float]]:
    entries: list[tuple[str, float]] = []
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts or parts[0].startswith("#") or len(parts[0]) < 2:
                continue
            freq = float(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1.0
            entries.append((parts[0], freq))
    return entries


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


@lru_cache(maxsize=4)
def policy_hints(folder: Path = LEXICON_DIR) -> str:
    """Comma-separated hints: the hotline's base words, then lexicon words, most frequent first."""
    lexicon = sorted(_lexicon_entries(folder), key=lambda e: (-e[1], e[0]))
    return _join([*BASE_HINTS, *(word for word, _ in lexicon)])


def zone_hints(zones: Iterable[str], aliases: Iterable[str] = ()) -> str:
    """Comma-separated hints for the zone question: every zone name, then the aliases."""
    return _join([*zones, *aliases], limit=MAX_HINTS)

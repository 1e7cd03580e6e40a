"""Which policies does a firm qualify for: conditions extracted from clauses, explained matching.

corpus → :func:`extract_conditions` (rule-based, reviewable) → :func:`match_firm` with a
:class:`FirmProfile` → 符合 / 可能符合 / 不符合, each with its reasons.
"""

from __future__ import annotations

from pathlib import Path

from matching.conditions import PolicyConditions, extract_conditions
from matching.engine import Match, MatchReport, match_firm
from matching.profile import FirmProfile, ProfileError, load_profile, parse_profile
from matching.vocabulary import Vocabulary, load_vocabulary
from policy_index.corpus import load_corpus

__all__ = [
    "FirmProfile",
    "Match",
    "MatchReport",
    "PolicyConditions",
    "ProfileError",
    "Vocabulary",
    "corpus_conditions",
    "extract_conditions",
    "load_profile",
    "load_vocabulary",
    "match_firm",
    "parse_profile",
]


def corpus_conditions(corpus_dir: Path | str, vocabulary: Vocabulary) -> list[PolicyConditions]:
    """Load and validate a corpus folder and extract every policy's conditions (sorted by id).

    Raises:
        policy_index.corpus.CorpusError: the corpus has malformed files.
    """
    return [extract_conditions(p, vocabulary) for p in load_corpus(corpus_dir)]

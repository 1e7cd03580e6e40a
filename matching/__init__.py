"""Which policies does a firm qualify for: conditions extracted from clauses, explained matching.

corpus → :func:`extract_conditions` (rule-based, reviewable) → :func:`match_firm` with a
:class:`FirmProfile` → 符合 / 可能符合 / 不符合, each with its reasons.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from matching.conditions import PolicyConditions, extract_conditions
from matching.corrections import CorrectionsError, apply_corrections, load_corrections
from matching.engine import Match, MatchReport, match_firm
from matching.profile import FirmProfile, ProfileError, load_profile, parse_profile
from matching.vocabulary import Vocabulary, load_vocabulary
from policy_index.corpus import Policy, load_corpus
from policy_index.lifespan import lifespans

__all__ = [
    "CorrectionsError",
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
    "policy_conditions",
]


def corpus_conditions(corpus_dir: Path | str, vocabulary: Vocabulary) -> list[PolicyConditions]:
    """Load and validate a corpus folder, extract every policy's conditions (sorted by id) and apply
    the editors' corrections kept beside it (``_conditions.yaml``).

    Raises:
        policy_index.corpus.CorpusError: the corpus has malformed files.
        matching.corrections.CorrectionsError: the corrections name an unknown policy or condition.
    """
    policies = load_corpus(corpus_dir)
    extracted = _as_the_index_reads(policies, [extract_conditions(p, vocabulary) for p in policies])
    return apply_corrections(extracted, load_corrections(corpus_dir), vocabulary)


def _as_the_index_reads(policies: list[Policy], extracted: list[PolicyConditions]) -> list[PolicyConditions]:
    """The conditions with the end and successor the collection's texts give, as the index reads them
    (:func:`policy_index.lifespan.lifespans`): an end only the text gives, a later policy that repeals
    it — so the check does not offer what the chat says has lapsed."""
    lives = lifespans(policies)
    out = []
    for cond in extracted:
        life = lives[cond.policy_id]
        out.append(replace(cond, valid_until=life.last_day, replaced_by=life.replaced_by))
    return out


def policy_conditions(policy: Policy, corpus_dir: Path | str, vocabulary: Vocabulary) -> PolicyConditions:
    """One policy's conditions with its corrections, if the corpus folder has any for it."""
    corrections = load_corrections(corpus_dir)
    mine = {policy.id: corrections[policy.id]} if policy.id in corrections else {}
    return apply_corrections([extract_conditions(policy, vocabulary)], mine, vocabulary)[0]

"""Every labelled evaluation set points at policies its collection has: a label naming a policy that
is not there would count a right answer as wrong (or a wrong one as right) in every bench."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_index.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "data" / "eval"
#: Label file -> the collection it is labelled on.
SETS = {
    EVAL / "questions.jsonl": ROOT / "data" / "policies",
    EVAL / "conversations.jsonl": ROOT / "data" / "policies",
    EVAL / "long_questions.jsonl": ROOT / "data" / "policies",
    EVAL / "long_conversations.jsonl": ROOT / "data" / "policies",
    EVAL / "heldout" / "questions.jsonl": EVAL / "heldout" / "policies",
    EVAL / "heldout" / "conversations.jsonl": EVAL / "heldout" / "policies",
    EVAL / "heldout" / "long_questions.jsonl": EVAL / "heldout" / "policies",
    EVAL / "prose" / "questions.jsonl": EVAL / "prose" / "policies",
    EVAL / "prose" / "conversations.jsonl": EVAL / "prose" / "policies",
    EVAL / "prose" / "conversations-2.jsonl": EVAL / "prose" / "policies",
    EVAL / "blind3" / "questions.jsonl": EVAL / "blind3" / "policies",
    EVAL / "blind3" / "conversations.jsonl": EVAL / "blind3" / "policies",
    EVAL / "blind4" / "questions.jsonl": EVAL / "blind4" / "policies",
    EVAL / "blind4" / "conversations.jsonl": EVAL / "blind4" / "policies",
    EVAL / "blind5" / "questions.jsonl": EVAL / "blind5" / "policies",
    EVAL / "blind5" / "conversations.jsonl": EVAL / "blind5" / "policies",
    EVAL / "blind6" / "questions.jsonl": EVAL / "blind6" / "policies",
    EVAL / "blind6" / "conversations.jsonl": EVAL / "blind6" / "policies",
    EVAL / "blind7" / "questions.jsonl": EVAL / "blind7" / "policies",
    EVAL / "blind7" / "conversations.jsonl": EVAL / "blind7" / "policies",
    EVAL / "blind8" / "questions.jsonl": EVAL / "blind8" / "policies",
    EVAL / "blind8" / "conversations.jsonl": EVAL / "blind8" / "policies",
    EVAL / "blind9" / "questions.jsonl": EVAL / "blind9" / "policies",
    EVAL / "blind9" / "conversations.jsonl": EVAL / "blind9" / "policies",
    EVAL / "blind10" / "questions.jsonl": EVAL / "blind10" / "policies",
    EVAL / "blind10" / "conversations.jsonl": EVAL / "blind10" / "policies",
    EVAL / "blind11" / "questions.jsonl": EVAL / "blind11" / "policies",
    EVAL / "blind11" / "conversations.jsonl": EVAL / "blind11" / "policies",
    EVAL / "blind12" / "questions.jsonl": EVAL / "blind12" / "policies",
    EVAL / "blind12" / "conversations.jsonl": EVAL / "blind12" / "policies",
    EVAL / "blind13" / "questions.jsonl": EVAL / "blind13" / "policies",
    EVAL / "blind13" / "conversations.jsonl": EVAL / "blind13" / "policies",
    EVAL / "blind14" / "questions.jsonl": EVAL / "blind14" / "policies",
    EVAL / "blind14" / "conversations.jsonl": EVAL / "blind14" / "policies",
    EVAL / "blind15" / "questions.jsonl": EVAL / "blind15" / "policies",
    EVAL / "blind15" / "conversations.jsonl": EVAL / "blind15" / "policies",
    EVAL / "blind16" / "questions.jsonl": EVAL / "blind16" / "policies",
    EVAL / "blind16" / "conversations.jsonl": EVAL / "blind16" / "policies",
    EVAL / "blind17" / "questions.jsonl": EVAL / "blind17" / "policies",
    EVAL / "blind17" / "conversations.jsonl": EVAL / "blind17" / "policies",
    EVAL / "blind18" / "questions.jsonl": EVAL / "blind18" / "policies",
    EVAL / "blind18" / "conversations.jsonl": EVAL / "blind18" / "policies",
    EVAL / "blind19" / "questions.jsonl": EVAL / "blind19" / "policies",
    EVAL / "blind19" / "conversations.jsonl": EVAL / "blind19" / "policies",
}
NOT_A_POLICY = {None, "no_match", "-"}


def _labels(record: dict) -> list[str]:
    """The policy ids a question or conversation record expects."""
    turns = record.get("turns", [{"expect": record.get("policy_id")}])
    expects = [turn["expect"] for turn in turns]
    ids: list[str] = []
    for expect in expects:
        ids.extend(expect if isinstance(expect, list) else [expect])
    return [label for label in ids if label not in NOT_A_POLICY]


@pytest.mark.parametrize("labels", sorted(SETS), ids=lambda p: str(p.relative_to(EVAL)))
def test_every_label_names_a_policy_of_its_collection(labels: Path) -> None:
    known = {policy.id for policy in load_corpus(SETS[labels])}
    records = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert records
    unknown = {label for record in records for label in _labels(record)} - known
    assert not unknown, f"{labels.name}: labels naming no policy of {SETS[labels]}: {sorted(unknown)}"

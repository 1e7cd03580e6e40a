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
    # every district written blind (data/eval/blindN)
    **{
        d / name: d / "policies"
        for d in EVAL.glob("blind*")
        for name in ("questions.jsonl", "conversations.jsonl")
    },
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

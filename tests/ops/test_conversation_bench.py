"""bench/conversation.py scores a turn labelled ``null`` (no policy answers it) as a no-match turn."""

from __future__ import annotations

from bench.conversation import NO_MATCH, Turn, label_of


def test_a_turn_labelled_null_is_right_when_no_clause_is_cited_and_a_lawyer_offered() -> None:
    label = label_of({"q": "研发费用加计扣除能扣多少？", "expect": None})
    offered = Turn(
        "研发费用加计扣除能扣多少？", label, [], text="…要不要转给律师团队？", actions=["no_match"]
    )
    cited = Turn("研发费用加计扣除能扣多少？", label, [], cited=["PD-2025-024"], actions=["answer"])

    assert label == NO_MATCH and offered.right and not offered.answerable
    assert not cited.right

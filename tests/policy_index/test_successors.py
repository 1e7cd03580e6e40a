"""A re-issued policy that retires an older one in its own text replaces it, as if ``replaced_by`` said so."""

from __future__ import annotations

import datetime as dt

from policy_index.corpus import Policy
from policy_index.successors import inferred_successors


def _policy(pid: str, issued: str, body: str, **meta: object) -> Policy:
    return Policy(id=pid, title=f"政策{pid}", issued=dt.date.fromisoformat(issued), body=body, **meta)


OLD = _policy("OLD", "2023-05-10", "第一条 网络销售额达到100万元的，按2%补贴。", doc_no="平商发〔2023〕7号")


def test_a_later_policy_naming_the_old_ones_number_as_expired_replaces_it() -> None:
    new = _policy("NEW", "2025-02-20", "原办法（平商发[2023]7号）已于2024年12月31日到期，制定本细则。")
    assert inferred_successors([OLD, new]) == {"OLD": "NEW"}


def test_the_old_title_in_guillemets_with_a_retiring_word_is_enough() -> None:
    new = _policy("NEW", "2025-02-20", "本办法自发布之日起施行，《政策OLD》同时废止。")
    assert inferred_successors([OLD, new]) == {"OLD": "NEW"}


def test_citing_a_policy_replaces_nothing() -> None:
    new = _policy("NEW", "2025-02-20", "根据《政策OLD》（平商发〔2023〕7号），制定本细则。")
    assert inferred_successors([OLD, new]) == {}


def test_an_earlier_document_never_replaces_a_later_one_and_the_editor_wins() -> None:
    earlier = _policy("EARLY", "2022-01-01", "平商发〔2023〕7号到期后不再执行。")
    assert inferred_successors([OLD, earlier]) == {}
    marked = OLD.model_copy(update={"replaced_by": "OTHER"})
    new = _policy("NEW", "2025-02-20", "平商发〔2023〕7号同时废止。")
    assert inferred_successors([marked, new]) == {}


def test_the_latest_of_two_successors_replaces_it() -> None:
    first = _policy("NEW1", "2024-03-01", "平商发〔2023〕7号同时废止。")
    second = _policy("NEW2", "2025-03-01", "原《政策OLD》到期。")
    assert inferred_successors([OLD, second, first]) == {"OLD": "NEW2"}


def test_the_chat_answers_with_the_policy_that_retired_the_one_asked_about(index_with) -> None:
    """Through the index build and the answer the chat sends: the old file says nothing of its successor."""
    from bot.actions.retrieval import answer_question

    index = index_with(
        "---\nid: T-OLD-007\ntitle: 测试区葡萄网络销售补贴办法（试行）\nissuer: 测试区商务局\n"
        "doc_no: 测商发〔2023〕7号\nissued: 2023-05-10\nvalid_until: 2024-12-31\nzones: all\n---\n\n"
        "第一条 通过电商平台销售本区葡萄，年度网络销售额达到100万元以上的，按销售额的2%给予补贴。\n",
        "---\nid: T-NEW-008\ntitle: 测试区特色农产品电商销售补贴实施细则\nissuer: 测试区商务局\n"
        "doc_no: 测商发〔2025〕2号\nissued: 2025-02-20\nzones: all\n---\n\n"
        "原《测试区葡萄网络销售补贴办法（试行）》（测商发〔2023〕7号）已于2024年12月31日到期，制定本细则。\n\n"
        "一、年度网络零售额在50万元至200万元之间的，按网络零售额的3%给予补贴。\n",
    )
    assert index.policy("T-OLD-007")["replaced_by"] == "T-NEW-008"
    answer = answer_question(index, "网上卖葡萄，销售额100万以上补2%，现在还这么补吗", intent=None, zone=None)
    assert answer.answered and answer.citations[0]["policy_id"] == "T-NEW-008"
    assert "已于2024-12-31失效" in answer.text
    assert "现行政策是《测试区特色农产品电商销售补贴实施细则》" in answer.text

"""A re-issued policy that retires an older one in its own text replaces it, as if ``replaced_by`` said so."""

from __future__ import annotations

import datetime as dt

from policy_index.corpus import Policy
from policy_index.importer.validity import in_force_from
from policy_index.lifespan import lifespans
from policy_index.successors import inferred_successors, repealed_from


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


def test_a_loan_falling_due_retires_no_document() -> None:
    """blind32/39/47/58/7/11: a bridging-loan policy saying what happens when a loan the first-loan policy
    subsidised falls due was read as retiring the first-loan policy."""
    for body in (
        "已享受《政策OLD》贴息的贷款，到期续贷时仍可使用本资金。",
        "同一笔贷款曾享受《政策OLD》贴息的，到期时可以申请转贷支持。",
        "企业因贷款到期续贷需要临时周转资金的，按照《政策OLD》执行。",
    ):
        assert inferred_successors([OLD, _policy("NEW", "2025-02-20", body)]) == {}, body


def test_a_repeal_ends_the_old_policy_the_day_the_new_one_takes_effect() -> None:
    """blind87: the old talent-housing policy's front matter says 2026-12-31; the new one repeals it from
    2026-08-01, so the firm asking in December is told it has lapsed and which policy applies."""
    new = _policy("NEW", "2026-07-10", "第十条 本办法自2026年8月1日起施行，有效期3年。《政策OLD》同时废止。")
    old = OLD.model_copy(update={"valid_until": dt.date(2026, 12, 31)})
    assert repealed_from([old, new]) == {"OLD": dt.date(2026, 8, 1)}
    life = lifespans([old, new])["OLD"]
    assert (life.repealed_from, life.last_day, life.replaced_by) == (
        dt.date(2026, 8, 1),
        dt.date(2026, 7, 31),
        "NEW",
    )
    # a policy that had ended before it was repealed keeps its own end; "到期" alone names no repeal
    ended = OLD.model_copy(update={"valid_until": dt.date(2026, 5, 31)})
    life = lifespans([ended, new])["OLD"]
    assert (life.repealed_from, life.last_day) == (None, dt.date(2026, 5, 31))
    expired = _policy("NEW", "2025-02-20", "原《政策OLD》已于2024年12月31日到期，制定本细则。")
    assert repealed_from([OLD, expired]) == {}


def test_a_policy_takes_effect_on_the_day_its_text_says_else_on_issue() -> None:
    issued = dt.date(2026, 7, 10)
    assert in_force_from("本办法自二〇二六年八月一日起施行。", issued) == dt.date(2026, 8, 1)
    assert in_force_from("申报时间自2026年9月1日起受理。本办法自印发之日起施行。", issued) == issued
    assert in_force_from("对首次认定的企业奖励10万元。", None) is None


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


def test_the_chat_says_a_policy_repealed_before_its_own_end_is_repealed(index_with) -> None:
    """blind87: "人才租房补贴 本科" was answered from the old talent-housing policy, still valid by its front
    matter (2026-12-31) though the new one repealed it from 2026-08-01."""
    from bot.actions.retrieval import answer_question

    index = index_with(
        "---\nid: T-OLD-010\ntitle: 测试区人才安居补贴暂行办法\nissuer: 测试区人民政府办公室\n"
        "doc_no: 测府办〔2024〕6号\nissued: 2024-03-15\nvalid_until: 2099-12-31\nzones: all\n---\n\n"
        "第三条 本科学历人才租房补贴每月500元，最长3年。\n",
        "---\nid: T-NEW-009\ntitle: 测试区人才安居补贴办法\nissuer: 测试区人民政府办公室\n"
        "doc_no: 测府办〔2026〕3号\nissued: 2026-07-10\nzones: all\n---\n\n"
        "第三条 本科学历人才租房补贴每月800元，最长3年。\n\n"
        "第十条 本办法自2026年8月1日起施行。《测试区人才安居补贴暂行办法》（测府办〔2024〕6号）同时废止。\n",
    )
    old = index.policy("T-OLD-010")
    assert old["expired"] and old["repealed_from"] == "2026-08-01" and old["valid_until"] == "2099-12-31"
    assert old["replaced_by"] == "T-NEW-009"
    answer = answer_question(index, "暂行办法里本科人才租房补贴每月多少", intent=None, zone=None)
    assert (
        "《测试区人才安居补贴暂行办法》已于2026-08-01废止，现行政策是《测试区人才安居补贴办法》"
        in answer.text
    )
    assert "800元" in answer.text


def test_an_end_only_the_text_gives_is_the_policys_end() -> None:
    noted = _policy("OLD", "2023-05-10", "第一条 按2%补贴。第九条 本办法有效期至2025年12月31日。")
    life = lifespans([noted])["OLD"]
    assert (life.valid_until, life.until_inferred, life.last_day) == (
        dt.date(2025, 12, 31),
        True,
        dt.date(2025, 12, 31),
    )
    given = noted.model_copy(update={"valid_until": dt.date(2026, 6, 30)})
    assert lifespans([given])["OLD"].valid_until == dt.date(2026, 6, 30)  # the editor's front matter wins

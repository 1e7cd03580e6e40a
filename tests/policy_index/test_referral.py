"""A clause that sends its case to another policy of the collection ("…不计入本办法投资额，按照《云岭县数字
经济发展若干措施》申请上云补贴"): the firm asking about that case is answered from the policy referred to.

Real index of an invented county (tests/policy_index/corpus_referral), built by ``policy-index build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_index.referral import asks_what_counts, referred_first, referred_policy, sends_case_to
from tests.cli_index import loaded_index

CORPUS = Path(__file__).parent / "corpus_referral"
POLICIES = {
    "YL-R-001": {"title": "云岭县制造业智能化改造扶持办法", "doc_no": "云工信〔2025〕3号"},
    "YL-R-002": {"title": "云岭县数字经济发展若干措施", "doc_no": "云政办〔2025〕8号"},
}


@pytest.mark.parametrize(
    "text",
    [
        "租用云服务器的费用不计入本办法投资额，按照《云岭县数字经济发展若干措施》（云政办〔2025〕8号）申请上云补贴。",
        "软件企业奖励按照《云岭县数字经济发展若干措施》执行，不在本办法支持范围内。",
        "上云补贴按照《云岭县数字经济措施》（云政办〔2025〕8号）另行申请。",  # a shortened title, its number
    ],
)
def test_a_clause_sending_its_case_to_another_policy_names_it(text: str) -> None:
    assert referred_policy(text, "YL-R-001", POLICIES) == "YL-R-002"


@pytest.mark.parametrize(
    "text",
    [
        # combining, not sending
        "已按照《云岭县数字经济发展若干措施》享受补贴的同一笔费用，不再享受本办法补贴。",
        "同一笔费用已享受上云补贴（按《云岭县数字经济发展若干措施》执行）的，不予支持。",  # an aside
        "按照《中华人民共和国中小企业促进法》执行。",  # not a policy of the collection
        "本办法按照《云岭县制造业智能化改造扶持办法》执行。",  # itself
    ],
)
def test_exclusions_outside_documents_and_the_policy_itself_are_not_referrals(text: str) -> None:
    assert referred_policy(text, "YL-R-001", POLICIES) is None


def test_a_policy_sends_a_case_to_another_only_by_a_referral_to_it() -> None:
    """What keeps "还有，…" on the policy discussed when that policy sends the case elsewhere by name."""
    clauses = "第一条 …\n第二条 软件企业奖励按照《云岭县数字经济发展若干措施》执行，不在本办法支持范围内。"
    excluding = "第二条 已按照《云岭县数字经济发展若干措施》享受补贴的同一笔费用，不再享受本办法补贴。"

    assert sends_case_to(clauses, POLICIES["YL-R-002"])
    assert not sends_case_to(excluding, POLICIES["YL-R-002"])
    assert not sends_case_to(clauses, POLICIES["YL-R-001"])


def test_only_the_sentence_asked_about_counts() -> None:
    clause = (
        "企业招用见习人员的，按每人每月1500元给予见习补贴。"
        "见习期满签订劳动合同的，按照《云岭县数字经济发展若干措施》另行申请。"
    )

    assert referred_policy(clause, "YL-R-001", POLICIES, "见习补贴每月多少") is None
    assert referred_policy(clause, "YL-R-001", POLICIES, "见习期满签了劳动合同还能申请啥") == "YL-R-002"


def test_a_document_named_before_and_then_called_that_document_is_referred_to() -> None:
    """blind53/55: "…不得申请《…吸纳就业补贴实施办法》规定的补贴；见习结束后正式录用的，可…按该办法另行
    申请": 该办法 is the document named before it."""
    clause = (
        "见习期间不得申报《云岭县数字经济发展若干措施》规定的补贴。"
        "见习人员留用后，见习单位可按该办法申报社会保险补贴。"
    )

    assert referred_policy(clause, "YL-R-001", POLICIES) == "YL-R-002"
    assert referred_policy(clause, "YL-R-001", POLICIES, "留用以后单位交的社保能补吗") == "YL-R-002"
    assert referred_policy("见习人员留用后，可按该办法申报社会保险补贴。", "YL-R-001", POLICIES) is None


def test_asking_whether_something_counts_is_told_apart() -> None:
    assert asks_what_counts("订阅软件的费用能算进投资额吗")
    assert not asks_what_counts("租云服务器的钱能补吗")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("referral-index"))


def test_a_question_on_the_case_sent_elsewhere_ranks_the_policy_referred_to_first(index) -> None:
    hits = index.search("租云服务器的钱能补吗", k=3)["hits"]

    assert (hits[0]["policy_id"], hits[0]["clause"]) == ("YL-R-002", "二、")  # the 20% 上云 subsidy
    assert (hits[1]["policy_id"], hits[1]["clause"]) == ("YL-R-001", "第三条")  # the referral, right behind


def test_asking_whether_it_counts_under_the_referring_policy_is_answered_by_its_clause(index) -> None:
    hits = index.search("订阅软件服务的费用能算进智能化改造投资额吗", k=3)["hits"]

    assert (hits[0]["policy_id"], hits[0]["clause"]) == ("YL-R-001", "第三条")


def test_what_a_clause_says_itself_leaves_out_the_titles_it_quotes() -> None:
    from policy_index.referral import without_quoted_titles

    clause = "已按《某区关于做好高校毕业生就业见习工作的通知》享受见习补贴的，不得申请本办法补贴。"
    said = without_quoted_titles(clause)
    assert "高校毕业生" not in said and said.startswith("已按享受见习补贴的")


PAIR = {
    "TQ-1": {"title": "某区中小微企业应急转贷资金管理办法"},
    "TQ-2": {"title": "某区首贷贴息支持办法"},
    "TQ-3": {"title": "某区质量强区和标准化奖励办法"},
    "TQ-4": {"title": "某区安全生产标准化建设奖励办法"},
}


def _first(text: str, own: str, other: str, question: str) -> str:
    chunks = [{"policy_id": own, "text": text}, {"policy_id": other, "text": "……"}]
    order = referred_first([0, 1], [0, 1], chunks, PAIR, question)
    return chunks[order[0]]["policy_id"]


def test_a_question_on_the_referring_policy_itself_stays_with_it() -> None:
    """Look-alike pairs send each other's cases across: asked about 应急转贷, its clause that sends
    首贷 elsewhere is still its own answer (blind25: "应急转贷资金怎么申请" got the 首贷 policy)."""
    clause = (
        "有下列情形之一的不予受理：首次申请银行贷款的企业不适用本办法，"
        "首贷利息支持请按《某区首贷贴息支持办法》申请。"
    )
    assert _first(clause, "TQ-1", "TQ-2", "应急转贷资金怎么申请") == "TQ-1"
    assert _first(clause, "TQ-1", "TQ-2", "第一次贷款的首贷利息支持怎么申请") == "TQ-2"


def test_a_case_excluded_in_one_sentence_and_sent_elsewhere_in_the_next_goes_there() -> None:
    """ "不包括安全生产标准化达标创建。安全生产标准化达标奖励按照《…》执行" (blind25)."""
    clause = (
        "本办法所称标准化奖励，是指对主导制定国家标准、团体标准的奖励，不包括安全生产标准化达标创建。"
        "安全生产标准化达标奖励按照《某区安全生产标准化建设奖励办法》执行，不在本办法申报。"
    )
    assert _first(clause, "TQ-3", "TQ-4", "安全生产标准化奖励找哪个部门") == "TQ-4"
    assert _first(clause, "TQ-3", "TQ-4", "团体标准奖励找哪个部门") == "TQ-3"

"""A question that points back at an earlier document ("老版入限奖多少", "23年的那个文件…") is answered from
the expired policy, even when the policy in force that retired it in its last clause ranks first and the
question says no words of the old title.

Real index of an invented county (tests/policy_index/corpus_old_documents), built by ``policy-index build``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_index.old_documents import names_it, points_back
from tests.cli_index import loaded_index

CORPUS = Path(__file__).parent / "corpus_old_documents"
OLD, NEW = "SY-O-001", "SY-O-002"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return loaded_index(CORPUS, tmp_path_factory.mktemp("old-documents-index"))


@pytest.mark.parametrize(
    "question",
    [
        "老版入限奖多少",
        "听说有个23年的文件，进限上奖两万，现在还能按那个报吗",
        "二三年那个文件当时几月份申报",
        "旧的入统将励办法以前是几月报的",  # misheard (将励), the old document named as such
    ],
)
def test_a_question_pointing_back_at_an_old_document_is_answered_from_it(index, question: str) -> None:
    result = index.search(question, k=3)

    assert result["hits"][0]["policy_id"] == OLD
    assert result["hits"][0]["expired"] is True
    assert result["answerable"] is True


@pytest.mark.parametrize("question", ["进限上现在奖多少", "进限上奖多少，啥时候报"])
def test_a_question_about_the_rule_now_is_answered_from_the_policy_in_force(index, question: str) -> None:
    assert index.search(question, k=3)["hits"][0]["policy_id"] == NEW


def test_a_year_or_an_old_alone_does_not_name_a_document() -> None:
    old = {"valid_until": "2024-12-31", "title": "石屿县商贸企业入统奖励办法"}

    assert points_back("23年营收两千万，技改能补多少", old) and not names_it(
        "23年营收两千万，技改能补多少", old
    )
    assert points_back("老版入限奖多少", old) and names_it("老版入限奖多少", old)


def test_a_title_word_the_lexicon_rewrites_still_names_the_old_document() -> None:
    """ "23年入限办法": the question's 入限 is read as 纳入限额以上; the title says 入限 — both sides are read
    the same way, so the old document is named (another old document is not)."""
    old = {"title": "石屿县商贸企业入限纳统奖励办法", "valid_until": "2024-12-31"}
    other = {"title": "石屿县工业企业技术改造补助办法", "valid_until": "2024-12-31"}
    assert points_back("23年入限办法", old) and names_it("23年入限办法", old)
    assert not names_it("23年入限办法", other)


def test_a_provisional_title_said_names_the_provisional_document_it_belongs_to() -> None:
    """blind53: "物流暂行办法买冷藏车每辆补一万，现在还能报吗" was answered from the policy that replaced the
    暂行办法 — 暂行 / 试行 said by the question is the status the old title gives it."""
    old = {"title": "石屿县物流企业扶持暂行办法", "valid_until": "2025-12-31"}
    new = {"title": "石屿县物流业降本增效扶持办法", "valid_until": "2028-12-31"}
    question = "听说区里物流暂行办法买冷藏车每辆补一万，现在还能报吗"
    assert points_back(question, old) and names_it(question, old)
    assert not points_back(question, new)
    assert not points_back("技改试行办法还管用吗", old)  # another document's status


@pytest.mark.parametrize(
    "question",
    [
        "专利资助咱行办法还能用吗",
        "专利资助赞行办法还有效吗",
        "专利资助站行办法 PCT授权给多少",
        "专利资助暂型办法还有效吗",
    ],
)
def test_a_provisional_title_misheard_still_names_the_provisional_document(question: str) -> None:
    """blind92–95: "专利资助咱行办法还能用吗" (暂行 heard as 咱行, 赞行, 站行 on the phone) was answered
    from the policy that replaced it first; blind96: 暂型 (the 行 misheard) too."""
    old = {"title": "石屿县专利资助暂行办法", "valid_until": "2025-06-30"}
    new = {"title": "石屿县知识产权资助办法", "valid_until": "2028-07-31"}
    assert points_back(question, old)
    assert not points_back(question, new)
    assert not points_back("咱行不行啊，专利资助办法还能报吗", old)  # 咱 + 行 that is no 暂行 before 办法


@pytest.mark.parametrize(
    "question",
    [
        "以前区里实用新型专利一件补一千的那个办法还有效吗",  # blind131
        "区里之前给小企业补电费那个 按度数补的 一度补几分钱",
        "前两年那个专利资助，一件发明专利三千，我们十件能拿多少",
        "我们公司今年拿了两件实用新型专利，以前听说区里一件资助五百块，现在还有吗",  # blind128
    ],
)
def test_the_one_before_said_by_what_it_gave_points_back(question: str) -> None:
    """ "以前…的那个", "前两年那个", "以前听说…": the firm recalls an earlier rule by what it gave."""
    assert points_back(question, {"title": "某区专利资助暂行办法", "valid_until": "2025-06-30"})


@pytest.mark.parametrize(
    "question",
    ["以前在那个街道开厂，现在搬了，技改还能补吗", "以前没贷过款那个贴息怎么算", "我们之前注册的那个公司"],
)
def test_where_the_firm_was_or_what_it_never_did_points_back_at_no_rule(question: str) -> None:
    assert not points_back(question, {"title": "某区技术改造扶持办法", "valid_until": "2025-06-30"})


@pytest.mark.parametrize(
    "question",
    [
        "2024版人才租房补贴现在还能申请吗？",
        "二零二四版的人才租房补贴本科一个月多少来着",
        "24版租房补贴有效期",
    ],
)
def test_a_version_named_by_its_year_is_that_years_document(question: str) -> None:
    """blind90 and six other districts: "2024版…" asks about the 2024 version itself (12 of 14 such questions
    expected it and got the policy replacing it) — a year said with 版 is a year said with 年."""
    old = {"title": "石屿县人才租房补贴办法（2024版）", "valid_until": "2025-12-31"}
    new = {"title": "石屿县人才安居补贴办法", "valid_until": "2028-12-31"}
    assert points_back(question, old) and names_it(question, old)
    assert not points_back(question, new.copy() | {"valid_until": "2023-12-31"})
    assert not points_back("100版权费能补吗", old)  # 版权 is no version

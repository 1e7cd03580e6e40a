"""A follow-up naming a subject the policy discussed never says, which another policy of the collection
answers, is about that policy ("还有技能人才奖励截止没" after a 专精特新 reward, blind107)."""

from __future__ import annotations

import pytest

from tests.bot.conftest import ask, index_of

SPECIALISED = """---
id: QH-S-001
title: 青禾县专精特新企业梯度培育奖励办法
issuer: 青禾县经济和信息化局
doc_no: 青经信发〔2025〕15号
issued: 2025-03-01
zones: all
---
第一条 新获评省级专精特新中小企业的，一次性奖励20万元。

第二条 申报时间：2027年1月4日至2027年2月26日，逾期不予受理。
"""

SKILLS = """---
id: QH-S-002
title: 青禾县技能人才队伍建设激励办法
issuer: 青禾县人力资源和社会保障局
doc_no: 青人社发〔2025〕9号
issued: 2025-04-01
zones: all
---
第一条 企业职工新取得高级技师职业资格的，给予企业一次性奖励5000元。

第二条 申报时间为2026年11月16日至2026年12月25日，由企业向县人社局集中申报。
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "topic-switch", {"QH-S-001": SPECIALISED, "QH-S-002": SKILLS})


def test_a_subject_the_policy_discussed_never_says_is_answered_by_the_policy_for_it(index) -> None:
    first, state = ask(index, "专精特新企业奖励啥时候报")
    assert first.citations[0]["policy_id"] == "QH-S-001"

    answer, state = ask(index, "还有技能人才奖励截止没", state)

    assert answer.citations and answer.citations[0]["policy_id"] == "QH-S-002"
    assert state.policy_id == "QH-S-002"


def test_an_aspect_of_the_policy_discussed_stays_on_it(index) -> None:
    _, state = ask(index, "专精特新企业奖励多少")

    answer, _ = ask(index, "啥时候截止", state)

    assert answer.citations and answer.citations[0]["policy_id"] == "QH-S-001"


RENOVATION = """---
id: QH-S-003
title: 青禾县工业企业技术改造项目补助办法
issuer: 青禾县经济和信息化局
doc_no: 青经信发〔2025〕21号
issued: 2025-05-01
zones: all
---
第一条 工业企业技术改造项目设备投资500万元以上的，按设备投资额的8%给予补助，最高300万元。

第二条 同一项目同时符合本办法和《青禾县制造业数字化绿色化改造专项政策》补助条件的，只能择其一申报。
"""

DIGITAL = """---
id: QH-S-004
title: 青禾县制造业数字化绿色化改造专项政策
issuer: 青禾县经济和信息化局
doc_no: 青经信发〔2025〕22号
issued: 2025-05-01
zones: all
---
第一条 企业实施数字化改造，软件和信息化设备投资100万元以上的，按投资额的15%给予补助，最高200万元。

第二条 申报时间：2026年度申报时间为2026年8月1日至8月31日。
"""


@pytest.fixture(scope="module")
def renovation_index(tmp_path_factory: pytest.TempPathFactory):
    return index_of(tmp_path_factory, "other-named", {"QH-S-003": RENOVATION, "QH-S-004": DIGITAL})


def test_a_programme_the_policy_names_only_by_its_title_is_asked_of_that_policy(renovation_index) -> None:
    """blind108/111/41: after "技改补助和数字化改造补助能一起拿吗" was answered by the renovation policy's
    "只能择其一" clause, "数字化改造现在还能报吗" was answered by that clause again."""
    first, state = ask(renovation_index, "同一批设备技改补助和数字化改造补助能一起拿吗")
    assert first.citations[0]["policy_id"] == "QH-S-003"

    answer, state = ask(renovation_index, "数字化改造现在还能报吗", state)

    assert answer.citations and answer.citations[0]["policy_id"] == "QH-S-004"
    assert state.policy_id == "QH-S-004"

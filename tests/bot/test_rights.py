"""Which messages are rights complaints (维权): a benefit not paid, a fee charged against a policy, a
department acting against one — and which look alike but are questions."""

from __future__ import annotations

import pytest

from bot.actions.rights import category_for_question, is_rights_complaint

COMPLAINTS = [
    "我们的高企奖励一直没发，找律师",
    "补贴批下来半年了钱还没到",
    "科技局说好的研发补助到现在还没拨付",
    "稳岗返还到现在也没到账",
    "奖励被截留了",
    "申报稳岗返还被收了两千块钱手续费",
    "区里收了我们一笔服务费，文件上说是免费的",
    "街道不按文件执行，把我们的补贴扣了",
    "窗口推来推去不给办",
    "我们明明符合条件，区里就是不给发补贴",
    "招商时承诺的政策不落实",
    "我要维权",
    "申请已经半年了还没到账",
    "审批已经超期未办",
]
QUESTIONS = [
    "高企奖励什么时候发",
    "补贴到账要多久",
    "能不能给我们补贴",
    "申报要交什么费用",
    "我们交了社保费能申请吗",
    "我们还没拿到高企证书能申请吗",
    "补贴不给个体户吗",
    "剩下的补贴还给不给",
    "政府采购投标，小微企业报价评审时能扣掉多少",
    "补贴还没到申报时间吗",
    "IPO材料被受理了，区里有奖励吗",
    "找律师",
    "申报超过时限怎么办",
    "我们成立已经三年了还没申请过补贴",
]


@pytest.mark.parametrize("text", COMPLAINTS)
def test_complaints_that_a_policy_was_not_honoured_are_rights_complaints(text: str) -> None:
    assert is_rights_complaint(text)


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_that_look_alike_are_not(text: str) -> None:
    assert not is_rights_complaint(text)


def test_a_complaint_files_as_rights_protection_but_a_check_up_booking_stays_one() -> None:
    assert category_for_question("政策咨询", COMPLAINTS[0]) == "维权投诉"
    assert category_for_question(None, COMPLAINTS[0]) == "维权投诉"
    assert category_for_question("法律体检预约", COMPLAINTS[0]) == "法律体检预约"
    assert category_for_question("政策适用", QUESTIONS[0]) == "政策适用"
    assert category_for_question(None, None) == "其他"

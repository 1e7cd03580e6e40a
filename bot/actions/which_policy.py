"""A question with no subject of its own ("要交啥材料", "截止哪天") when no policy is being discussed: the
firm is asked which policy it means, not answered from whichever clause of the collection says 材料
best (blind71: "要交啥材料" after a question nothing answered was given the greenhouse policy's list)."""

from __future__ import annotations

from bot.actions.answer import LAWYER_QUESTION, Answer

#: What each aspect asked is called in the reply.
ASKED = {
    "amount": "补助标准",
    "conditions": "申请条件",
    "materials": "申报材料",
    "procedure": "办理流程",
    "deadline": "申报时间",
    "contact": "办理部门和电话",
    "validity": "有效期",
}


def which_policy(aspects: tuple[str, ...]) -> Answer:
    """The reply asking which policy's ``aspects`` (the first one named) the firm means."""
    what = next((ASKED[a] for a in aspects if a in ASKED), "具体规定")
    text = (
        f"请问您问的是哪项政策的{what}？说一下政策名称，或者贵公司的情况（做什么的、想申请什么），"
        f"我来查对应的条款。{LAWYER_QUESTION}"
    )
    return Answer(text=text, payload={"citations": [], "action": "ask_which_policy"}, answered=False)

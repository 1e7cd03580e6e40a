"""Is the firm complaining that a policy was not honoured (维权), whatever NLU named the message?

A rights complaint is one of three things firms say in many ways: a benefit was not paid
("高企奖励一直没发"), a fee was charged against a policy ("申报时被收了两千块手续费"), or a department
acted against a policy ("街道不按文件执行", "窗口推来推去不给办"). NLU sees the words that ask for a
person first ("…，找律师" is ``request_lawyer``) and takes some complaints for policy questions, so
the escalation reads the firm's own words with these patterns to file the ticket as 维权投诉, and the
answer path offers the lawyer team to a complaint it answered (one path for every channel: the chat,
WeChat and the hotline all talk to the same Rasa conversation).

Pure helpers, no rasa-sdk: the actions and the no-bot message paths call :func:`is_rights_complaint`.
"""

from __future__ import annotations

import re

from tickets.vocab import RIGHTS_CATEGORY

#: Said after a cited answer to a complaint: the clause is the firm's footing, the lawyers take it up.
RIGHTS_OFFER = (
    "您反映的是政策没有兑现的问题。如需律师团队帮您维权（核实情况、联系有关部门、出具法律意见），"
    "回复“好的”，我把情况转给贵公司所在区域的律师团队。"
)
#: Categories a complaint overrides (a check-up booking stays one).
GENERAL_CATEGORIES = frozenset({"政策咨询", "政策适用", "其他"})

_BENEFIT = r"(?:奖励|奖金|补贴|补助|奖补|资助|扶持资金|专项资金|资金|返还|贴息|退税|优惠|款项|钱)"
_NOT_PAID = re.compile(
    rf"(?:{_BENEFIT}[^。.？?！!；;]{{0,14}}?|(?:局|部门|街道|区里|政府|管委会|财政|镇里|园区)[^。.？?！!；;]{{0,8}}?"
    r"(?=[^。.？?！!；;]{0,4}(?:一直|迟迟|还|始终|至今|到现在)))"
    r"(?:一直|迟迟|还|始终|至今|到现在|到今天|都|也)?(?:是)?(?<![给发能是会要到])(?:没有?|未|不)(?:能)?"
    r"(?:发|到账|到位|兑现|拨付|拨|落实|支付|付|拿到|收到|到(?![期时日申])|给(?:我们)?(?=$|[，,。.！!？?了发钱]))"
)
_WITHHELD = re.compile(
    r"拖欠|欠[着了]?我们|截留|截走|克扣|扣了(?!多少)|扣掉了|扣下|扣留|被扣|不兑现|没兑现|未兑现|不落实|没落实|反悔|无故取消|停发|缓发"
    r"|拖着不|卡着不|迟迟不|就是不给|一直不给|拒不|拒绝(?:发放|兑现|受理|支付|拨付|办理)"
)
_FEE = re.compile(
    r"乱收费|违规收费|多收费|强制收费|变相收费"
    r"|(?:被|乱|多|违规|强制|额外|变相)(?:收|收取|要求交|要求缴|要求支付|让交|让缴)[^，,。.？?！!]{0,12}(?:费|钱|押金|保证金)"
    r"|(?:收|收取|交|缴)了[^。.？?！!]{0,12}(?:费|钱|万|千|块)[^。.？?！!]{0,20}"
    r"(?:不合理|违规|凭什么|不该|免费|不收费|不得收|没说|没有规定|指定)|多收了?"
)
_AGAINST_POLICY = re.compile(
    r"不按(?:照)?(?:文件|政策|规定|标准)|没按(?:照)?(?:文件|政策|规定)|违反(?:文件|政策|规定)|不执行(?:文件|政策)"
    r"|(?:部门|街道|窗口|局|区里|政府|管委会|工作人员|经办人|办事员)[^。.？?！!]{0,15}"
    r"(?:刁难|推诿|推来推去|踢皮球|不受理|不予受理|拒绝受理|不给办|不给受理|不给盖章|故意)"
    r"|(?:明明|确实)符合[^。.？?！!]{0,12}(?:不给|不批|不让|驳回|说不符合)"
)
_GRIEVANCE = re.compile(
    r"(?<![能给是要会])不给(?:发|办|批|兑现|拨|盖章|受理)|(?:都|一直|迟迟|还是)没批|又说不行|故意刁难|刁难我们"
    r"|(?:被|遭)(?:拒|驳回|退回)[^。.？?！!]{0,12}(?:不合理|不知道为什么|没有?理由|明明|却|申诉)"
    r"|符合条件[^。.？?！!]{0,4}(?:但|却|可是)[^。.？?！!]{0,8}(?:不给|不批|驳回|拒|不让|说不符合)|明明符合"
    r"|没人管|没人理|没人处理|不说理由|(?:好几|多|三|两)[趟次回][^。.？?！!]{0,6}(?:办不成|没办成|不给办)"
    r"|觉得不合理|乱罚款|杳无音信|石沉大海|没有下文|没了下文|没有回音|(?:一直|始终)没(?:有)?消息"
    r"|(?:审批|办理|答复|受理|拨付|兑现)[^。.？?！!]{0,4}超[过出]了?(?:规定|办结|承诺)?的?(?:时限|期限)|超期(?:未|没)"
    r"|已经[一二两三四五六七八九十半\d]+个?(?:多)?(?:月|年|周|星期)了?[^。.？?！!]{0,4}(?:还|都|也)(?:没有?|未)"
    r"(?:结果|答复|回复|办结|办好|办下来|到账|批|拨|发|消息|下文|动静)"
    r"|(?:又|现在|反过来)(?:让|要求|要)(?:我们)?(?:退回|退还|返还|交回)|不认(?:我们的?)?[^。.？?！!]{0,8}(?:证书|资质|认定|结果)"
)
_SAID_OUTRIGHT = re.compile(r"维权|投诉|举报|讨(?:个)?说法|权益受(?:到)?(?:侵害|损害)")


def is_rights_complaint(text: str | None) -> bool:
    """Whether ``text`` complains that a policy was not honoured (benefit unpaid, a fee charged
    against it, a department acting against it), or asks for 维权 outright.

    "我们的高企奖励一直没发，找律师" and "申报稳岗返还被收了两千块钱手续费" are; "高企奖励什么时候发",
    "申报要交什么费用" and "能不能给我们补贴" are not.
    """
    said = (text or "").strip()
    if not said:
        return False
    return any(
        p.search(said) for p in (_SAID_OUTRIGHT, _NOT_PAID, _WITHHELD, _FEE, _AGAINST_POLICY, _GRIEVANCE)
    )


def category_for_question(category: str | None, question: str | None) -> str:
    """The ticket category once the firm's words are read: a complaint in a general category becomes
    :data:`RIGHTS_CATEGORY`; anything else keeps ``category`` (``其他`` when none)."""
    category = category or "其他"
    if category in GENERAL_CATEGORIES and is_rights_complaint(question):
        return RIGHTS_CATEGORY
    return category

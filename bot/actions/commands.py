"""Is a message the command its intent names, or a policy question said in the same breath?

NLU names yes/no (``affirm``, ``deny``) and the requests for a person (``request_lawyer``,
``complain_rights``, ``book_checkup``) from words such as 要 / 不 / 律师 / 投诉 / 体检, which firms also
use inside real questions ("IPO材料被受理了，区里有奖励吗", "钱要不要退"). A message is treated as the
command only when it asks nothing beyond it; anything else reaches retrieval
(:class:`bot.actions.actions.ActionCommandOrQuestion`).
"""

from __future__ import annotations

import re

from bot.actions.facts import asks_something, less_who_the_firm_is, only_the_situation
from bot.actions.followup import own_content
from bot.actions.question_shape import WHICH_BENEFITS
from policy_index.aspects import asked_aspects

#: Intents that are commands when said alone.
COMMAND_INTENTS = frozenset({"affirm", "deny", "request_lawyer", "complain_rights", "book_checkup"})
#: Commands asking for the lawyer team: the escalation form starts unless retrieval answers a question.
LAWYER_INTENTS = frozenset({"request_lawyer", "complain_rights", "book_checkup"})
#: Commands whose question, when retrieval cannot answer it, gets a lawyer offered rather than the form
#: started: a complaint that asks something ("有没有不花钱的调解渠道") may want an answer, not a ticket.
OFFER_FIRST = frozenset({"complain_rights"})
#: A bare yes or no (with particles): "好的，转吧", "嗯嗯", "不用了", "可以吗".
_BARE_YES_NO = re.compile(
    r"^(?:好的?|好吧|好嘞|行|行吧|可以|是的?|对的?|没错|嗯+|恩+|要|需要|麻烦了?|谢谢|转吧|转|那就转|ok|OK|Ok"
    r"|不用了?|不要了?|不需要了?|算了|没有了?|没了|不了|不转了?|先不用|暂时不用|不必了?"
    r"|吗|吧|呢|啊|呀|哦|了|[，,。.！!？?~\s])+$"
)
#: A message that opens with the command said outright: the firm asks for a person ("找律师，…",
#: "帮我转人工"), complains ("我要投诉…") or books a check-up ("预约法律体检"). A message that only
#: speaks of these ("律师免费审合同一年几份", "法律体检怎么预约", "去哪里投诉") asks a question.
_OUTRIGHT = re.compile(
    r"^(?:我们?|咱们?|本公司)?[，,\s]*(?:"
    r"(?:想|要|需要|希望|申请)?(?:麻烦|帮我|给我|请)?(?:转接?|找个?|联系|对接)(?:一下)?(?:你们的?)?"
    r"(?:人工|真人|专人|客服|律师)"
    r"|(?:想|要|需要|申请)(?:投诉|举报|维权)"
    r"|(?:想|要|需要|申请)?预约(?:一下|一次|个)?(?:法律)?体检)"
)
#: "我能享受哪些政策" and its variants: the guided eligibility check, not a question about one policy.
#: ("哪些企业找担保公司贷款的费用可以让政府补" asks about one benefit: it is answered.)
_CHECK_REQUEST = re.compile(
    WHICH_BENEFITS.pattern
    + r"|匹配.{0,4}政策|享受的政策|适合(?:我们|我)|跟我们有关|能享受什么|可以享受什么|能享受啥"
)
#: The check asked for by name: policies in general, not one kind of benefit ("能有啥奖励").
_ASKS_FOR_POLICIES = re.compile(r"政策|正策|政测|享受|匹配|适合|有关")
#: A message NLU took for displeasure or for the eligibility check names a subject this long when it
#: asks a policy question of its own ("四川的算力券今年没用完能留到明年用吗", "屋顶光伏补贴能拿几年").
OWN_QUESTION_SUBJECT = 4
#: A question NLU took for a request names at least this many characters of subject.
MIN_QUESTION_SUBJECT = 2


def is_question(text: str, intent: str | None, aspect_words: re.Pattern[str] | None = None) -> bool:
    """Whether a message NLU took for a command asks a policy question of its own.

    Args:
        text: The firm's message.
        intent: The NLU intent (one of :data:`COMMAND_INTENTS`; any other is always a question).
        aspect_words: Words asking for an aspect (材料, 几月 …), not counted as a subject.

    Returns:
        False for a bare yes/no, "转人工", "我要投诉，区里就是不给发", "想预约法律体检", "找律师，
        我们的补贴被退回了怎么办"; True for "钱要不要退", "IPO材料被受理了，区里有奖励吗",
        "好的，那要交什么材料", "法律体检怎么预约", "律师免费审合同一年几份" (the policy on the
        lawyers' service answers them; a lawyer is offered besides).
    """
    if intent not in COMMAND_INTENTS:
        return True
    said = text.strip()
    if not said or said.startswith("/") or not asks_something(said) or _BARE_YES_NO.match(said):
        return False
    if intent not in LAWYER_INTENTS:
        return True
    # "找律师，我们的技改补贴被退回了…", "我要投诉…怎么办": said outright, the command stands (the form
    # keeps the question); "IPO材料被受理了，区里有奖励吗" never asked for anyone.
    if _OUTRIGHT.match(said):
        return False
    # "钱多久能兑现" (taken for a complaint): an aspect of the policy discussed, answered on it.
    return len(own_content(said, aspect_words)) >= MIN_QUESTION_SUBJECT or bool(asked_aspects(said))


#: Words of a request for a person, a grievance or a check-up, by intent: a question NLU took for one of
#: these but that says none of them ("我是开面馆的个体户，想换个新店招，政府补不补？" taken for a
#: complaint) is a plain policy question.
_REQUEST_WORDS = {
    "request_lawyer": re.compile(r"律师|人工|真人|专人|客服|法务|法律|找人|转接"),
    "complain_rights": re.compile(
        r"投诉|举报|维权|律师|不给|没给|不发|没发|拖|卡着|卡住|刁难|为难|不兑现|没兑现|没到|还没|不受理|不予|"
        r"被拒|拒绝|驳回|退回|扣|不公|乱收|不合理|欠|骗|推诿|踢皮球|没人管|不管|违约|说话不算|怎么办(?!理)|咋办(?!理)"
    ),
    "book_checkup": re.compile(r"体检|检查|把关|审查|审核|风险|合规|预约"),
}


#: A check of a programme other than the legal one ("清洁生产体检", "清洁生产审核", "安全生产检查"): the
#: subject of a policy question, not a request for the lawyers' check-up.
_PROGRAMME_CHECK = re.compile(
    r"(?:清洁生产|安全生产|安全|能源|节能|节水|环保|环境|消防|职业健康|质量|碳排放|知识产权)"
    r"(?:体检|检查|审查|审核|评估|诊断)"
)


def says_the_request(text: str, intent: str | None) -> bool:
    """Whether a message NLU took for a request for a lawyer, a complaint or a check-up says one."""
    words = _REQUEST_WORDS.get(intent or "")
    if intent == "book_checkup":
        text = _PROGRAMME_CHECK.sub("", text)
    return words is None or bool(words.search(text))


def only_states_a_case(text: str, intent: str | None) -> bool:
    """Whether a message NLU took for a request for a person, a complaint or a check-up only states
    the firm's case and says none of the request's words ("我们公司刚被认定为省级农业产业化重点龙头",
    "今年招了三个就业困难人员，都签了两年合同"): news the collection may answer, not a grievance."""
    said = text.strip()
    return (
        intent in LAWYER_INTENTS
        and not says_the_request(said, intent)
        and not _OUTRIGHT.match(said)
        and not _BARE_YES_NO.match(said)
        and len(own_content(said)) >= MIN_QUESTION_SUBJECT
    )


#: Said after an answer given to a firm that asked for a lawyer or complained.
LAWYER_OFFER = "如需律师进一步帮您处理，回复“好的”，我把问题转给贵公司所在区域的律师团队。"


def asks_own_question(text: str, aspect_words: re.Pattern[str] | None = None) -> bool:
    """Whether a message asks a question about a subject of its own (not only "没用啊" / "说的不对")."""
    return asks_something(text) and len(own_content(text, aspect_words)) >= OWN_QUESTION_SUBJECT


#: Benefits paid without an application (免申即享): a question about how policies pay, not the check.
_WITHOUT_APPLYING = re.compile(
    r"(?:不用|不需要|无需|不必)(?:企业|我们|公司)?(?:自己)?(?:去)?(?:申请|申报)|免申"
    r"|(?:直接|自动)(?:就)?(?:能)?(?:拿到|到账|兑现|发放|拨付|发到)"
)


def is_check_request(text: str) -> bool:
    """Whether a message asks which policies the firm can have ("我们能拿哪些补贴") — the guided check.

    Not when it asks which benefits are paid without applying ("哪些补贴不用企业自己申请就能直接拿到"),
    nor when it names a situation of its own besides who the firm is ("小公司跟大公司组联合体去投政府的
    标，有什么优惠"), nor when it states a qualification or an event and asks for a kind of benefit, not
    for policies ("我们还有两个残疾职工，能有啥奖励"): those are questions about one kind of benefit, for
    retrieval. "我们是高新技术企业，能享受什么政策" asks for the policies: the check.
    """
    if not _CHECK_REQUEST.search(text) or _WITHOUT_APPLYING.search(text):
        return False
    rest = _CHECK_REQUEST.sub("", text)
    if len(own_content(only_the_situation(rest))) >= OWN_QUESTION_SUBJECT:
        return False
    # a qualification or event of the firm asked with a kind of benefit, not with "policies"
    return _ASKS_FOR_POLICIES.search(text) is not None or len(own_content(less_who_the_firm_is(rest))) < (
        OWN_QUESTION_SUBJECT
    )


#: What a firm withdraws when it withdraws consent: the facts kept about it, or the consent itself.
_KEPT_FACTS = re.compile(r"信息|资料|数据|画像|档案|授权|同意|隐私")
#: Words that take something back (删掉, 别保存, 撤回, 取消, 不同意, 忘掉 …).
_WITHDRAWS = re.compile(r"删|清除|清空|撤回|撤销|取消|注销|销毁|忘|别|不要|不用|不同意|不再|停止")


def withdraws_consent(text: str) -> bool:
    """Whether a message NLU took for "删除我们公司的信息" takes back what is kept (删掉…信息, 撤回授权).

    "拿了落户奖励以后公司要搬走会怎么样" names nothing kept, and "每年什么时候更新信息" takes nothing
    back: both are policy questions, and erasing the firm's profile on them would lose what the firm
    agreed to keep.
    """
    return bool(_KEPT_FACTS.search(text)) and bool(_WITHDRAWS.search(text))


#: A firm saying it wants to apply for something ("我们想申请就业见习补贴", "我要报高企奖励").
_WANTS_TO_APPLY = re.compile(r"(?:想|要|准备|打算|需要)(?:去)?(?:申请|申报|报|办理?)")


def applies_for_one(text: str, aspect_words: re.Pattern[str] | None = None) -> bool:
    """Whether a message says the firm wants to apply for one thing it names ("我们想申请就业见习补贴"):
    a question about that policy (how to apply, what it gives), not the guided check, though no
    question word is said. "我想申请补贴" names nothing of its own: the check finds what it may have."""
    return (
        bool(_WANTS_TO_APPLY.search(text))
        and len(own_content(_WANTS_TO_APPLY.sub("", text), aspect_words)) >= 2
    )


#: Benefits other than those discussed ("还能拿啥补贴", "别的奖励呢"): the check, not the policy discussed.
_OTHERS = re.compile(r"还|别的|其他|其它|另外")


def asks_what_it_gives(text: str) -> bool:
    """Whether a message in the check's words asks for a kind of benefit, not for policies, nor for others
    ("能拿啥奖励" after a policy was cited for the firm's facts: what that policy gives them)."""
    return looks_like_check_request(text) and not _ASKS_FOR_POLICIES.search(text) and not _OTHERS.search(text)


def looks_like_check_request(text: str) -> bool:
    """Whether a message uses the check's words ("有什么优惠", "哪些补贴"), whatever it asks."""
    return bool(_CHECK_REQUEST.search(text))


#: What a firm asking whether it talks to a person names ("你是机器人还是真人", "是自动回复吗").
_PERSON_OR_MACHINE = re.compile(r"机器|真人|人工|是人|人还是|AI|ai|智能|自动回复|程序|电脑")


def asks_if_human(text: str) -> bool:
    """Whether a message NLU took for "are you a person?" names a person or a machine at all.

    "你们一般多久回复？" does not: it is small talk for retrieval, not this question.
    """
    return bool(_PERSON_OR_MACHINE.search(text))

"""What the guided eligibility check says, on the web and on the hotline: its questions, the retries when
an answer could not be read, and the replies about a firm's stored profile."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions import escalation

#: The form's question per slot: (web, hotline). ``{known}`` is what the firm already named.
PROMPTS: dict[str, tuple[str, str]] = {
    "check_industry": (
        "贵公司主要做什么行业？比如软件开发、机械加工、餐饮、批发零售。",
        "贵企业是做什么行业的？",
    ),
    "check_employees": (
        "现在大概有多少名员工？说个大概就行，比如“50来人”。",
        "现在大概有多少名员工？",
    ),
    "check_revenue": (
        "去年的营业收入大约多少？比如“两千万”“1.2亿”；不方便说可以回“不清楚”。",
        "去年营业收入大概多少？不方便说可以说不清楚。",
    ),
    "check_founded": ("公司是哪一年成立的？", "企业是哪一年成立的？"),
    "check_qualifications": (
        "贵公司{known}已经有哪些资质或认定？比如高新技术企业、专精特新、科技型中小企业、规上企业；没有就回“没有”。",
        "企业{known}有没有高新技术企业、专精特新、规上企业这类认定？有就说名称，没有就说没有。",
    ),
    "check_events": (
        "{known}最近一两年还有没有这些情况：招用应届毕业生或退役军人、购置设备、新获专利、出口、首次进规上？"
        "有就简单说说，比如“招了5个应届生，买了600万设备”；没有就回“没有”。",
        "{known}最近一两年还有没有招应届毕业生、买设备、拿到专利、做出口这些情况？有就简单说说，没有就说没有。",
    ),
    "profile_consent": (
        "另外问一句：要不要把这些情况保存为贵公司的企业信息？以后有新政策或申报快截止时，按这些信息提醒您。"
        "随时可以说“删除我们公司的信息”撤回，回复TD退订提醒。请回答“同意”或“不用”。",
        "要不要保存企业的这些情况，以后有合适的政策时短信提醒您？请说同意或者不用。",
    ),
}
#: Said again when an answer could not be read (web, hotline).
RETRY: dict[str, tuple[str, str]] = {
    "check_industry": ("没太明白是哪个行业，请说一下主要业务，比如“软件开发”。", "没听清行业，请再说一下。"),
    "check_employees": ("请说一个大概的人数，比如“30人”或“两百来人”。", "请说一个大概的人数，比如三十人。"),
    "check_revenue": ("请说一个大概的金额，比如“500万”或“两千万”。", "请说一个大概的金额，比如五百万。"),
    "check_founded": ("请说成立的年份，比如“2019年”。", "请说成立的年份，比如二零一九年。"),
    "check_qualifications": ("请说资质名称，没有就回“没有”。", "请说资质名称，没有就说没有。"),
    "check_events": ("请简单说说，没有就回“没有”。", "请简单说说，没有就说没有。"),
    "profile_consent": ("请回答“同意”或“不用”。", "请说同意或者不用。"),
}
FORGOTTEN = "已删除贵公司保存的企业信息，以后不会再按这些信息推送政策。需要时可以重新做一次政策匹配。"
NOTHING_TO_FORGET = "目前没有保存贵公司的企业信息。"
NO_KEY = "网页对话不会保存企业信息，无需删除。"


def channel_of(tracker: Tracker) -> str:
    """The conversation's channel (``web`` | ``hotline`` | ``wechat``)."""
    return tracker.get_slot("channel") or escalation.channel_for(tracker.sender_id)


def say(dispatcher: CollectingDispatcher, tracker: Tracker, texts: tuple[str, str], **fmt: str) -> None:
    text = texts[1] if channel_of(tracker) == "hotline" else texts[0]
    dispatcher.utter_message(text=text.format(**fmt) if fmt else text)

"""Escalation to the zone's lawyer team: cleaning what the firm says, building and announcing tickets.

Pure helpers (no rasa-sdk): the actions read slots and events, call these, and send one message.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import phonenumbers

from tickets.vocab import RIGHTS_CATEGORY

#: Ticket category per intent that starts an escalation (labels of ``tickets.vocab.CATEGORIES``).
CATEGORY_BY_INTENT: dict[str, str] = {
    "complain_rights": RIGHTS_CATEGORY,
    "book_checkup": "法律体检预约",
    "ask_eligibility": "政策适用",
    "request_lawyer": "政策咨询",
    "ask_policy": "政策咨询",
    "ask_procedure": "政策咨询",
}
#: What the firm is told the team will do with a rights complaint (维权).
RIGHTS_FOLLOW_UP = "，核实情况后按维权程序跟进（联系有关部门、出具法律意见等）"
#: Intents whose message is itself the firm's question for the lawyer.
SELF_DESCRIBING = frozenset({"complain_rights", "book_checkup"})

#: Firms are told times in Beijing time.
LOCAL_TZ = ZoneInfo("Asia/Shanghai")
_FIRM_SUFFIX = (
    r"(?:股份有限公司|有限责任公司|有限公司|集团|公司|厂|合作社|商行|工作室|门市部|店|中心|研究院|事务所)"
)
_FIRM_RE = re.compile(rf"[\u4e00-\u9fa5A-Za-z0-9（）()·]{{2,40}}?{_FIRM_SUFFIX}")
_FIRM_PREFIX = re.compile(
    r"^(?:我们|我|咱们)?(?:公司|单位|企业|厂子?)?(?:的)?(?:全称|名称|名字)?(?:叫做|叫|是|为)[:：]?"
)
_NAME_PREFIX = re.compile(
    r"^(?:联系人(?:是|叫)?|我(?:的名字)?(?:叫做|叫|是)|本人(?:叫|是)?|免贵姓|我姓)[:：]?"
)
_TRAILING = re.compile(r"[，,。.！!？?\s]+$")
#: The part of a message that only asks for a person ("我要找律师", "转人工", "帮我联系你们的律师团队").
_PERSON_REQUEST = re.compile(
    r"(?:我们?|咱们)?(?:想|要|需要|希望)?(?:请|麻烦|帮我|给我|让)?"
    r"(?:转接?|找个?|联系|对接|咨询|问问?|请|提交给|留言给|交给)?(?:一下)?(?:你们的?)?"
    r"(?:人工(?:客服|服务)?|真人|专业的?人士?|律师(?:团队)?)"
    r"(?:吧|一下|帮忙|帮我?看看|看看|给我回个?电话|联系我|跟我说)?"
)
_EDGE_PUNCT = re.compile(r"^[，,。.！!？?、；;:：\s]+|[，,。.！!？?、；;:：\s]+$")
#: A request for a person carries its own question when this many characters are left besides it …
OWN_QUESTION_MIN_CHARS = 8
#: … and they are about the firm's business (else "有没有律师能帮忙看看" would be a question).
_SUBSTANCE = re.compile(
    r"政策|补贴|补助|奖励|奖补|资金|认定|申报|申请|返还|减免|退税|税|社保|贷款|贴息|合同|补偿|罚款|拖欠|欠款"
    r"|纠纷|审批|许可|资质|执照|用工|工资|劳动|知识产权|专利|商标|融资|项目|厂房|土地|租金|房租|没发|不给"
)
_PHONE_CANDIDATE = re.compile(r"(?:\+?86[-\s]?)?(?:1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}[-\s]?\d{7,8})")


def category_for(intent: str | None) -> str:
    """Ticket category for the intent that led to the escalation (``其他`` when unknown)."""
    return CATEGORY_BY_INTENT.get(intent or "", "其他")


def question_in_request(text: str) -> str | None:
    """The firm's question when it is said together with the request for a lawyer, else None.

    ``我要找律师，我们的高企奖励一直没发下来怎么办`` → ``我们的高企奖励一直没发下来怎么办``;
    ``转人工`` → None (the form will ask for the question).
    """
    rest = _EDGE_PUNCT.sub("", _PERSON_REQUEST.sub("，", text.strip()))
    rest = re.sub(r"[，,]{2,}", "，", rest)
    words = re.sub(r"[^\u4e00-\u9fa5A-Za-z0-9]", "", rest)
    if len(words) < OWN_QUESTION_MIN_CHARS:
        return None
    from bot.actions.topics import find_topic

    about_us = _THE_ASSISTANT.sub("", rest)  # "机器人说不清，找个人": the assistant, not a topic
    return rest if _SUBSTANCE.search(rest) or find_topic(about_us) else None


#: The assistant named by the firm ("机器人说不清", "你们这个智能客服"), not a robot it asks about.
_THE_ASSISTANT = re.compile(r"(?:你们?|这个)?(?<!工业)(?<!服务)(?:机器人|智能客服|人工智能)")


def clean_firm_name(text: str) -> str | None:
    """Firm name from an answer such as ``我们公司叫青岛惠民机械有限公司``; None if too short."""
    text = _TRAILING.sub("", text.strip())
    match = _FIRM_RE.search(_FIRM_PREFIX.sub("", text))
    name = match.group(0) if match else _FIRM_PREFIX.sub("", text)
    name = name.strip()
    return name if 2 <= len(name) <= 60 else None


#: A firm name that starts like this is the firm speaking of itself ("我们公司能申请吗"), not its name.
_PRONOUN_START = re.compile(r"^(?:我们|我|咱们|咱|本|贵|你们|这家|那家|这个|那个|该)")


def firm_name_with_suffix(text: str) -> str | None:
    """A firm name said with its legal ending (``…有限公司``, ``…厂``) in ``text``, else None.

    Stricter than :func:`clean_firm_name`: used where the rest of the message asks something else
    (``我们公司叫青岛惠民机械有限公司，技改补贴要什么材料`` → ``青岛惠民机械有限公司``).
    """
    for clause in re.split(r"[，,。；;！!？?\s]+", text):
        match = _FIRM_RE.search(_FIRM_PREFIX.sub("", clause.strip()))
        if match and not _PRONOUN_START.match(match.group(0)):
            return match.group(0)
    return None


#: How a place or an organisation ends (环秀街道, 南村镇, 红旗路, 某某有限公司): never a person's name.
#: A one-character ending counts from three characters on (王镇 may be a name, 南村镇 is not).
_NOT_A_PERSON = re.compile(
    r"(?:街道|社区|大厦|广场|公司|集团|中心|部门)$|^.{2,}(?:镇|乡|村|区|县|路|号|厂|局)$"
)


def clean_contact_name(text: str) -> str | None:
    """Contact person from ``我叫王丽`` / ``联系人王经理``; None if it cannot be a name (a number, a
    place or an organisation: "环秀街道" said where the name was asked)."""
    name = _NAME_PREFIX.sub("", _TRAILING.sub("", text.strip())).strip()
    if not 2 <= len(name) <= 20 or re.search(r"\d", name) or _NOT_A_PERSON.search(name):
        return None
    return name


#: The most characters a name said beside a question may have ("我叫欧阳娜娜，…").
INTRODUCED_NAME_MAX = 6


def introduced_name(clause: str) -> str | None:
    """The contact's name when ``clause`` introduces it (``我叫王丽``, ``联系人是张经理``), else None."""
    said = _TRAILING.sub("", clause.strip())
    if not _NAME_PREFIX.match(said):
        return None
    name = clean_contact_name(said)
    if name is None or len(name) > INTRODUCED_NAME_MAX or re.search(r"[吗呢么？?]|怎么|什么|想问", name):
        return None
    return name


def phone_spans(text: str) -> list[str]:
    """The parts of ``text`` that look like phone numbers, as written."""
    return _PHONE_CANDIDATE.findall(text.replace("－", "-"))


def clean_phone(text: str) -> str | None:
    """A valid Chinese mobile or landline number found in ``text``, in E.164; None if there is none."""
    for candidate in _PHONE_CANDIDATE.findall(text.replace("－", "-")):
        try:
            number = phonenumbers.parse(candidate, "CN")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def transcript_from_events(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The conversation as the ticket keeps it: ``[{"role": "firm"|"bot", "text", "at"}]``."""
    turns: list[dict[str, str]] = []
    for event in events:
        role = {"user": "firm", "bot": "bot"}.get(str(event.get("event")))
        text = str(event.get("text") or "").strip()
        if role and text and not text.startswith("/"):
            stamp = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=UTC)
            turns.append({"role": role, "text": text, "at": stamp.isoformat(timespec="seconds")})
    return turns


#: Channels a Rasa conversation can come from (``tickets.CHANNELS`` also has the service window).
BOT_CHANNELS = ("web", "hotline", "wechat")


def channel_for(sender_id: str) -> str:
    """Ticket channel from the sender id: ``tel-…`` the hotline, ``wx-…`` WeChat, anything else the web."""
    from tickets.consultations import channel_for_sender

    channel = channel_for_sender(sender_id)
    return channel if channel in BOT_CHANNELS else "web"


def ticket_payload(ticket: Any, firm: str) -> dict[str, Any]:
    """The ``ticket`` object of the json_message payload (docs/interfaces.md)."""
    due = getattr(ticket, "due_at", None)
    return {
        "number": ticket.number,
        "team": ticket.team_id,
        "firm": firm,
        "status": ticket.status,
        "due_at": due.isoformat(timespec="minutes") if isinstance(due, datetime) else due,
    }


def ticket_message(ticket: Any, firm: str, zone: str, *, channel: str = "web") -> str:
    """What the firm is told once its ticket is stored: number, team and when to expect an answer.

    On the hotline the number is said twice and the time in words a listener follows (the voice
    connector reads the digits out one by one).
    """
    due = ticket.due_at
    local = due.astimezone(LOCAL_TZ) if isinstance(due, datetime) else None
    rights = getattr(ticket, "category", None) == RIGHTS_CATEGORY
    kind = "维权投诉工单" if rights else "工单"
    if channel == "hotline":
        when = f"{local.month}月{local.day}日{local.hour}点" if local else str(due)
        said = f"工单号是{ticket.number}"
        firm = re.sub(r"[（(][^）)]*[）)]", "", firm).strip()  # "（示例）" is for the eye, not the ear
        return f"已为您登记{kind}。{said}。再说一遍，{said}。{zone}由{firm}负责，律师会在{when}前联系您。"
    when = local.strftime("%m月%d日%H:%M") if local else str(due)
    then = RIGHTS_FOLLOW_UP if rights else ""
    return (
        f"已为您登记{kind} {ticket.number}。{zone}由{firm}律师团队负责，律师会在{when}前答复您{then}；"
        f"可凭工单号和手机号查询进度。"
    )


def known_phone(channel: str, metadata: Any, phone: str | None) -> list[Any]:
    """The form's ``phone`` from the caller's number the hotline passes along (none when withheld).

    Returns a ``SlotSet`` to prefill the slot, or nothing (web chat, a number already given, none sent).
    """
    from rasa_sdk.events import SlotSet

    caller = metadata.get("caller") if isinstance(metadata, dict) else None
    if channel != "hotline" or phone or not isinstance(caller, str):
        return []
    number = clean_phone(caller)
    return [SlotSet("phone", number)] if number else []


def zone_by_number(said: str, zones: tuple[str, ...] | list[str]) -> str | None:
    """The zone of a number pressed on the phone (``10`` → the tenth zone of the zones file), or None."""
    digits = said.strip().strip("#")
    return zones[int(digits) - 1] if digits.isdigit() and 1 <= int(digits) <= len(zones) else None


def zone_list(zones: tuple[str, ...] | list[str]) -> str:
    """The numbered zone list read out on the phone: ``1，环秀街道；2，潮海街道；…``."""
    return "；".join(f"{i}，{zone}" for i, zone in enumerate(zones, 1))


#: The hotline asks the zone first: it routes the call, and a caller who hangs up after it keeps a ticket.
HOTLINE_FIRST = ("zone",)
#: What a ticket says for details a caller hung up before giving.
FIRM_NAME_MISSING = "（热线来电，未提供企业名称）"
CONTACT_NAME_MISSING = "热线来电人"
QUESTION_MISSING = "来电要求律师团队回电"


def slot_order(domain_slots: list[str], channel: str | None) -> list[str]:
    """The escalation form's questions in the order the channel asks them."""
    if channel != "hotline":
        return list(domain_slots)
    first = [slot for slot in HOTLINE_FIRST if slot in domain_slots]
    return first + [slot for slot in domain_slots if slot not in first]


def hang_up_ticket(request: Any, last_question: str | None) -> Any | None:
    """The ticket of a hotline caller who hung up in the form, or None (no zone or no number to call).

    Details not given yet get placeholders that say so; the question falls back to the last one asked.
    """
    if request.channel != "hotline" or not request.zone or not request.phone:
        return None
    return dataclasses.replace(
        request,
        firm_name=clean_firm_name(request.firm_name or "") or FIRM_NAME_MISSING,
        contact_name=clean_contact_name(request.contact_name or "") or CONTACT_NAME_MISSING,
        question=request.question or last_question or QUESTION_MISSING,
    )

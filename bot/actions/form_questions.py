"""A policy question typed while the escalation form asks for a contact detail.

The form asks for the firm's name, the contact's name, a phone number and the zone; a firm may ask a
policy question instead ("对了，技改补贴要什么材料？") or besides ("我们在环秀街道，稳岗返还怎么申请").
:func:`read_reply` splits such a reply into the detail it gives (kept) and whether it asks a question
(then the form steps aside: the question is answered as any other, and the form asks again).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.actions import escalation
from bot.actions.facts import asks_something, clauses
from bot.actions.followup import own_content
from policy_index.aspects import asked_aspects

#: The details the form asks for that a question can interrupt (the ``question`` slot *is* a question).
CONTACT_SLOTS = ("firm_name", "contact_name", "phone", "zone")
#: Intents whose rule answers the message through retrieval (``action_answer_policy``, rules.yml): the
#: only ones the form steps aside for, so that a command ("不转了", "转人工") keeps its own rule.
ANSWERED_INTENTS = frozenset(
    {
        "ask_policy",
        "ask_procedure",
        "ask_eligibility",
        "provide_company_info",
        "chitchat",
        "out_of_scope",
        "nlu_fallback",
        "greet",
        "new_topic",
    }
)
#: Intents NLU gives policy questions: a reply this long with one is a question even without "吗/怎么".
QUESTION_INTENTS = frozenset({"ask_policy", "ask_procedure", "ask_eligibility"})
#: Characters of subject a question needs ("技改…材料？"; "是环秀街道吗" less the zone has none).
QUESTION_SUBJECT = 2
#: "不知道是哪个街道", "不清楚": the firm answers that it does not know, it asks nothing.
_NOT_SURE = re.compile(r"不知道|不清楚|不记得|记不清|忘了|不确定")
#: Characters of subject a question without a question word needs, unless it names an aspect
#: ("技改补贴申请材料" as a contact name; "欧阳娜娜" is a name whatever NLU says).
UNMARKED_QUESTION_SUBJECT = 5


@dataclass(frozen=True)
class Reply:
    """What a reply to the form's question gives: the detail (None when it gives none) and whether it
    also asks a policy question."""

    value: str | None
    asks: bool


def _asks(rest: str, intent: str | None, *, gave_value: bool) -> bool:
    """Whether ``rest`` (the reply without the detail it gives) asks a policy question."""
    if _NOT_SURE.search(rest):  # "不知道是哪个街道": an answer, not a question
        return False
    subject = len(own_content(rest))
    if asks_something(rest) and (subject >= QUESTION_SUBJECT or asked_aspects(rest)):
        return True
    unmarked = subject >= UNMARKED_QUESTION_SUBJECT or (subject >= QUESTION_SUBJECT and asked_aspects(rest))
    return intent in QUESTION_INTENTS and not gave_value and bool(unmarked)


def _without(text: str, spans: Iterable[str]) -> str:
    for span in sorted({s for s in spans if s}, key=len, reverse=True):
        text = text.replace(span, "，")
    return text


def read_reply(
    slot: str,
    text: str,
    intent: str | None,
    *,
    resolve_zone: Callable[[str], str | None],
    zone_names: Callable[[str], Iterable[str]],
) -> Reply:
    """Split the firm's reply to the form's question for ``slot`` into the detail and a question.

    Args:
        slot: The detail asked for (one of :data:`CONTACT_SLOTS`).
        text: The firm's reply.
        intent: Its NLU intent.
        resolve_zone: ``ZoneDirectory.resolve``.
        zone_names: The names a zone is written with (its name and aliases).

    Returns:
        ``Reply(value, asks)``: ``asks`` only for intents that are answered through retrieval
        (:data:`ANSWERED_INTENTS`); ``value`` is the cleaned detail when the reply gives one beside
        the question (the question alone gives none).
    """
    text = text.strip()
    if slot not in CONTACT_SLOTS or intent not in ANSWERED_INTENTS or not text or text.startswith("/"):
        return Reply(None, False)
    value, spans = _detail(slot, text, resolve_zone, zone_names)
    asks = _asks(_without(text, spans), intent, gave_value=value is not None)
    return Reply(value, asks)


def _detail(
    slot: str,
    text: str,
    resolve_zone: Callable[[str], str | None],
    zone_names: Callable[[str], Iterable[str]],
) -> tuple[str | None, list[str]]:
    """The detail ``text`` gives for ``slot`` when it is said clearly enough to stand beside a
    question, and the parts of ``text`` that say it."""
    if slot == "phone":
        phone = escalation.clean_phone(text)
        return phone, escalation.phone_spans(text) if phone else []
    if slot == "firm_name":
        name = escalation.firm_name_with_suffix(text)
        return name, [name] if name else []
    if slot == "contact_name":
        for clause in clauses(text):
            name = escalation.introduced_name(clause)
            if name:
                return name, [clause]
        return None, []
    for clause in clauses(text):  # zone: a clause that names it ("我们在环秀街道")
        zone = resolve_zone(clause)
        if zone:
            named = [n for n in zone_names(zone) if n in clause]
            return zone, named or [clause]
    return None, []

"""A caller's message while the bot (Rasa) is down, as the ticket every escalation becomes.

Without Rasa there is no escalation form; the hotline then asks for one spoken message — zone, firm
and question — and this module turns what the caller said on this call into a :class:`tickets.NewTicket`
for ``TicketStore.create``, the one path every channel's tickets take (routed by zone, numbered
atomically, confirmed by SMS). Details the caller did not give get the same placeholders as a hotline
form left midway (:mod:`bot.actions.escalation`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import phonenumbers

from bot.actions.escalation import CONTACT_NAME_MISSING, FIRM_NAME_MISSING
from bot.actions.rights import category_for_question
from tickets import NewTicket

#: The category of a message left without the bot (as the web chat's no-bot form files it), unless the
#: caller complains that a policy was not honoured (维权投诉).
MESSAGE_CATEGORY = "政策咨询"


def spoken_phone(speech: str) -> str | None:
    """The first Chinese phone number in what the caller said (E.164), or None."""
    for match in phonenumbers.PhoneNumberMatcher(speech, "CN"):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def message_ticket(sender: str, zone: str, phone: str, turns: Sequence[Mapping[str, Any]]) -> NewTicket:
    """The ticket of a message left on the call ``sender``: everything the caller said is the question.

    Args:
        sender: the call's conversation id (``tel-<CallSid>``), which the ticket keeps.
        zone: the zone resolved from the message (routes the ticket to the zone's lawyer team).
        phone: the number the lawyers call back (the caller's, or one said in the message).
        turns: the call log so far (``TicketStore.transcript``), kept as the ticket's transcript.
    """
    said = [str(turn["text"]) for turn in turns if turn.get("role") == "firm" and turn.get("text")]
    return NewTicket(
        channel="hotline",
        firm_name=FIRM_NAME_MISSING,
        contact_name=CONTACT_NAME_MISSING,
        phone=phone,
        zone=zone,
        category=category_for_question(MESSAGE_CATEGORY, "；".join(said)),
        question="（智能问答暂停时的电话留言）" + "；".join(said),
        transcript=[dict(turn) for turn in turns],
        sender_id=sender,
    )

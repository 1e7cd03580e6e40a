"""Escalation tickets: zones and routing to lawyer teams, the ticket store, digests and CLI.

Public surface (see docs/interfaces.md, "tickets")::

    from tickets import ZoneDirectory, TicketStore, NewTicket, Ticket, TicketValidationError
"""

from __future__ import annotations

from tickets.errors import (
    TicketError,
    TicketNotFoundError,
    TicketPermissionError,
    TicketStateError,
    TicketValidationError,
)
from tickets.records import Event, Reply, Ticket
from tickets.store import TicketStore
from tickets.validation import QUESTION_MAX_CHARS, NewTicket
from tickets.vocab import CATEGORIES, CHANNELS, OPEN_STATUSES, STATUS_LABELS, STATUSES
from tickets.zones import Account, Lawyer, OfficeUser, Team, ZoneDirectory, ZoneFileError

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "OPEN_STATUSES",
    "QUESTION_MAX_CHARS",
    "STATUSES",
    "STATUS_LABELS",
    "Account",
    "Event",
    "Lawyer",
    "NewTicket",
    "OfficeUser",
    "Reply",
    "Team",
    "Ticket",
    "TicketError",
    "TicketNotFoundError",
    "TicketPermissionError",
    "TicketStateError",
    "TicketStore",
    "TicketValidationError",
    "ZoneDirectory",
    "ZoneFileError",
]

"""Errors of the ticket store; every message is Chinese and can be shown to the person as is."""

from __future__ import annotations


class TicketError(Exception):
    """Base class of the ticket store's errors; ``str(exc)`` is a Chinese message."""


class TicketValidationError(TicketError, ValueError):
    """Input refused: ``field`` names the offending field, ``message`` says why (Chinese)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


class TicketNotFoundError(TicketError, LookupError):
    """No ticket with that number."""

    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(f"未找到工单 {number}。")


class TicketPermissionError(TicketError, PermissionError):
    """The account may not do this to this ticket (other team, or read-only office)."""


class TicketStateError(TicketError, ValueError):
    """The ticket's status does not allow this step (e.g. replying to a closed ticket)."""

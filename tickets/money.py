"""Sums of money as people write them (``12.5万元``, ``十二万五千``, ``¥125,000``, ``1.2亿``), kept in fen.

Amounts are stored as whole fen (分, 1/100 元) in an integer column, so sums are exact on every
backend; pages show them back the way the district writes them (``12.5万元``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tickets.errors import TicketValidationError

#: The largest sum accepted (one trillion yuan): anything beyond is a typing slip.
MAX_YUAN = Decimal(10) ** 12
_PREFIX = re.compile(r"^(?:人民币|RMB|CNY|¥|￥)\s*", re.IGNORECASE)
_SUFFIX = re.compile(r"\s*(?:元整|元|圆|块钱|块|人民币)$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_WRITTEN = re.compile(r"^[0-9.零〇一二两三四五六七八九十百千万亿点]+$")
UNREADABLE = "金额无法识别，请按“12.5万元”“125000元”或“十二万五千元”这样填写。"


def parse_fen(text: object) -> int:
    """The amount in ``text`` in fen: ``12.5万元`` → 12_500_000; blank or ``0`` → 0.

    Raises:
        TicketValidationError: not a sum of money, negative, or implausibly large (field ``amount``).
    """
    if text is None:
        return 0
    if not isinstance(text, str | int | float):
        raise TicketValidationError("amount", UNREADABLE)
    said = str(text).strip().replace(",", "").replace("，", "").replace(" ", "")
    said = _SUFFIX.sub("", _PREFIX.sub("", said))
    if not said:
        return 0
    if not _WRITTEN.match(said):
        raise TicketValidationError("amount", UNREADABLE)
    if _PLAIN.match(said):
        digits: str | None = said
    else:
        from policy_index.normalize import cn_to_number  # cn2an, with 两/〇 as people write them

        digits = cn_to_number(said)
    try:
        yuan = Decimal(digits or "x")
    except InvalidOperation:
        raise TicketValidationError("amount", UNREADABLE) from None
    if yuan < 0 or yuan > MAX_YUAN:
        raise TicketValidationError("amount", "金额超出合理范围，请核对。")
    return int((yuan * 100).to_integral_value())


def format_fen(fen: int) -> str:
    """An amount in fen as the district writes it: ``12.5万元``, ``1.2亿元``, ``3000元``, ``0元``."""
    yuan = Decimal(fen) / 100
    for unit, size in (("亿元", Decimal(10) ** 8), ("万元", Decimal(10) ** 4)):
        if yuan >= size:
            return f"{_trim(yuan / size)}{unit}"
    return f"{_trim(yuan)}元"


def _trim(value: Decimal) -> str:
    """``12.50`` → ``12.5``, ``3000.00`` → ``3000`` (at most four decimals)."""
    text = f"{value.quantize(Decimal('0.0001')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

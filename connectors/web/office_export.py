"""The programme page as an Excel workbook (openpyxl): the figures, the weekly trend, zones, gaps."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from tickets.consultations import CHANNEL_LABELS, OUTCOME_LABELS
from tickets.programme import TREND_OUTCOMES, Programme
from tickets.ratings import SCORE_LABELS


def _sheet(book: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(60, 4 + 2 * width)


def workbook(data: Programme, zones: Sequence[str]) -> Workbook:
    """Sheets 概况, 每周趋势, 区位, 无匹配问题 for the period of ``data``."""
    report = data.report
    book = Workbook()
    book.remove(book.active)
    sat = report["satisfaction"]
    figures: list[tuple[str, object]] = [
        ("统计期间", f"{data.first.isoformat()} 至 {data.last.isoformat()}"),
        ("咨询总数", report["total"]),
        *((f"渠道：{CHANNEL_LABELS[k]}", v) for k, v in report["by_channel"].items()),
        *((f"结果：{OUTCOME_LABELS[k]}", v) for k, v in report["by_outcome"].items()),
        ("工单数", report["tickets"]),
        ("登记企业数", data.firms),
        *((f"评价：{SCORE_LABELS[k]}", sat[k]) for k in SCORE_LABELS),
        ("满意率", sat["rate"] if sat["rate"] is not None else "—"),
    ]
    _sheet(book, "概况", ["项目", "数值"], figures)
    _sheet(
        book,
        "每周趋势",
        ["周一", *(OUTCOME_LABELS[k] for k in TREND_OUTCOMES), "合计"],
        [
            [monday.isoformat(), *(counts[k] for k in TREND_OUTCOMES), sum(counts.values())]
            for monday, counts in data.weeks
        ],
    )
    _sheet(book, "区位", ["区位", "咨询数"], [[zone, data.zones.get(zone, 0)] for zone in zones])
    _sheet(
        book,
        "无匹配问题",
        ["主题", "次数", "问题示例"],
        [[g.topic, g.count, "；".join(g.examples)] for g in data.gaps],
    )
    return book

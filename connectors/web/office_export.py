"""The programme page as an Excel workbook (openpyxl): the figures, the weekly trend, zones, gaps, and
the period's visits, check-up reports and concluded 维权 cases one row each."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from policy_index.chunking import cited_labels
from tickets.checkups import RISKS, Checkup
from tickets.consultations import CHANNEL_LABELS, OUTCOME_LABELS
from tickets.programme import TREND_OUTCOMES, Programme
from tickets.ratings import SCORE_LABELS
from tickets.rights import RightsCase, RightsSummary
from tickets.visits import Visit
from tickets.vocab import CHINA_TZ


@dataclass(frozen=True)
class Records:
    """What the workbook lists beside the programme's figures, for the same period."""

    visits: Sequence[Visit]
    checkups: Sequence[Checkup]
    rights: RightsSummary
    rights_cases: Sequence[RightsCase]
    teams: Mapping[str, str]  # team id → law firm
    people: Mapping[str, str]  # login → name


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


def workbook(data: Programme, zones: Sequence[str], records: Records) -> Workbook:
    """Sheets 概况, 每周趋势, 区位, 无匹配问题, 走访, 法律体检, 维权案件 for the period of ``data``."""
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
        ("走访", len(records.visits)),
        ("法律体检报告", len(records.checkups)),
        ("维权案件（新收）", records.rights.opened),
        ("维权案件（办结）", records.rights.concluded),
        ("维权案件（已解决）", records.rights.resolved),
        ("为企业挽回 / 争取资金（元）", records.rights.money_fen / 100),
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
    _records(book, records)
    return book


VISIT_HEADER = ("走访日期", "团队", "区位", "企业", "联系人", "主题", "发现", "跟进工单", "律师")
CHECKUP_HEADER = (
    "工单号",
    "企业",
    "团队",
    "律师",
    "状态",
    "体检领域",
    "发现",
    "高风险",
    "建议申报政策",
    "定稿日期",
)
RIGHTS_HEADER = ("工单号", "企业", "团队", "涉及部门", "依据", "措施", "结果", "挽回资金（元）")
RIGHTS_HEADER += ("部门过错", "办结日期", "按期")


def _records(book: Workbook, records: Records) -> None:
    """The sheets that list the period's visits, check-up reports and concluded 维权 cases."""
    team, person = records.teams, records.people

    def visit(v: Visit) -> list[object]:
        who = person.get(v.lawyer_login, v.lawyer_login)
        topics, tickets = "、".join(v.topics), "、".join(v.ticket_numbers)
        return [v.visited_on.isoformat(), team.get(v.team_id, v.team_id), v.zone, v.firm_name, v.contact_name,
                topics, v.findings, tickets, who]  # fmt: skip

    def checkup(c: Checkup) -> list[object]:
        high = sum(1 for f in c.findings if RISKS.get(f.get("risk", "")) == "高")
        policies = "、".join(p.get("title", "") for p in c.policies)
        return [c.ticket_number, c.firm_name, team.get(c.team_id, c.team_id),
                person.get(c.lawyer_login, c.lawyer_login), c.status_label, "、".join(c.area_labels),
                len(c.findings), high, policies, _day(c.updated_at)]  # fmt: skip

    def case(r: RightsCase) -> list[object]:
        basis = f"《{r.policy_title}》{cited_labels([r.clause]) if r.clause else ''}" if r.policy_id else ""
        steps = "、".join(s.kind_label for s in r.steps)
        on_time = "否" if r.concluded_at and r.concluded_at > r.due_at else "是"
        return [r.ticket_number, r.firm_name, team.get(r.team_id, r.team_id), r.department, basis, steps,
                r.outcome_label, r.amount_fen / 100, "是" if r.department_at_fault else "否",
                _day(r.concluded_at), on_time]  # fmt: skip

    _sheet(book, "走访", VISIT_HEADER, [visit(v) for v in records.visits])
    _sheet(book, "法律体检", CHECKUP_HEADER, [checkup(c) for c in records.checkups])
    _sheet(book, "维权案件", RIGHTS_HEADER, [case(r) for r in records.rights_cases])


def _day(moment: object) -> str:
    """A stored time as its China-time day (``YYYY-MM-DD``)."""
    return moment.astimezone(CHINA_TZ).date().isoformat() if hasattr(moment, "astimezone") else ""

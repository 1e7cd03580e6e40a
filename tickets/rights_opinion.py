"""The written legal opinion (法律意见书) of a 维权 case, as PDF and .docx.

When the lawyer records the step 出具法律意见书, the step's text is the opinion itself; the document
puts it in the form a department receives: addressed to the department concerned, the facts, the
clause relied on (its text from the collection), the opinion, what the department is asked to do,
and the law firm's and the lawyer's names with the day of the step. Laid out once as blocks and
drawn by :mod:`tickets.report_render`, like the check-up and feedback reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tickets.report_render import Block, report_docx, report_pdf
from tickets.rights import RightsCase, RightsStep

__all__ = ["OpinionHeader", "opinion_blocks", "opinion_docx", "opinion_pdf", "opinion_steps"]

#: The step kind whose text is a written legal opinion.
OPINION_KIND = "opinion"


@dataclass(frozen=True)
class OpinionHeader:
    """Who issues the opinion, and about which complaint."""

    district: str
    team_firm: str  # the law firm of the zone's team
    lawyer_name: str  # the lawyer who recorded the step
    question: str  # the firm's complaint as it came in


def opinion_steps(case: RightsCase) -> list[tuple[int, RightsStep]]:
    """The case's 出具法律意见书 steps with their number among all steps (1-based, as in the URL)."""
    return [(n, step) for n, step in enumerate(case.steps, 1) if step.kind == OPINION_KIND]


def _day(on: date) -> str:
    return f"{on.year}年{on.month}月{on.day}日"


def opinion_blocks(case: RightsCase, number: int, header: OpinionHeader) -> list[Block]:
    """The opinion of step ``number`` (1-based) of ``case`` as ``(kind, text)`` blocks.

    Raises:
        ValueError: no such step, or the step is not 出具法律意见书.
    """
    if not 1 <= number <= len(case.steps) or case.steps[number - 1].kind != OPINION_KIND:
        raise ValueError(f"维权案件 {case.ticket_number} 没有第 {number} 项法律意见书。")
    step = case.steps[number - 1]
    if case.policy_id:
        basis = f"《{case.policy_title}》{case.clause or ''}"
        if case.issuer:
            basis += f"（{case.issuer}发布）"
        basis += f"规定：{case.clause_text}" if case.clause_text else "。"
    else:
        basis = "承办律师未引用政策库中的具体条款，意见依据见下文。"
    return [
        ("title", "法律意见书"),
        ("para", f"文书编号：{case.ticket_number}-{number}"),
        ("para", f"致：{case.department}"),
        (
            "para",
            f"{header.team_firm}受{header.district}惠企政策法律服务项目指派，就{case.firm_name}"
            f"反映的惠企政策执行问题（工单 {case.ticket_number}），根据已核实的事实和下列政策规定，"
            "出具本法律意见书。",
        ),
        ("heading", "一、企业反映的问题"),
        ("para", header.question),
        ("heading", "二、经核实的事实"),
        ("para", case.facts),
        ("heading", "三、政策依据"),
        ("para", basis),
        ("heading", "四、法律意见"),
        ("para", step.note),
        ("heading", "五、建议"),
        (
            "para",
            f"请{case.department}依据上述规定核实处理，并将处理结果告知{case.firm_name}和承办律师。",
        ),
        ("para", "本法律意见书仅就上述事实和政策规定出具，供有关部门和企业参考。"),
        ("para", f"{header.team_firm}　承办律师：{header.lawyer_name}"),
        ("para", _day(step.on)),
    ]


def opinion_pdf(case: RightsCase, number: int, header: OpinionHeader, font: Path) -> bytes:
    """The opinion as PDF bytes with ``font`` embedded for the Chinese text."""
    return report_pdf(opinion_blocks(case, number, header), font)


def opinion_docx(case: RightsCase, number: int, header: OpinionHeader) -> bytes:
    """The opinion as .docx bytes (宋体)."""
    return report_docx(opinion_blocks(case, number, header))

"""Match a firm against the extracted conditions: 符合 / 可能符合 / 不符合, each with its reasons.

Three-valued: every condition is met, failed or unknown. A list the profile gives (qualifications,
events) is taken as complete — a qualification it does not name is not held — while a field it
leaves out is unknown. A policy is

* **符合** when it is in force, covers the firm's zone and industry, and one of its benefits has every
  condition met with at least one of them positively shown by the firm's facts;
* **可能符合** when nothing fails but something is unknown (listed);
* **不符合** when it has expired, excludes the zone or industry, or every benefit fails a condition.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from matching.conditions import Benefit, PolicyConditions, Requirement, Threshold
from matching.profile import FirmProfile
from matching.vocabulary import Vocabulary

__all__ = ["FirmFacts", "Match", "MatchReport", "Verdict", "firm_facts", "match_firm", "match_policy"]

YES, NO, UNKNOWN, NOTE = "yes", "no", "unknown", "note"
#: What a 可能符合 says when its clause has no condition the rules can check.
NOTHING_TO_CHECK = "条款未列出可自动核对的条件，请对照原文确认是否适用"
ELIGIBLE, MAYBE, NOT_ELIGIBLE = "eligible", "maybe", "not_eligible"

#: 中小企业划型（工信部联企业〔2011〕300号）: a firm is small or micro below either figure
#: (employees, revenue in 万元); industrial firms use the first pair, others a cautious second.
_SMALL_INDUSTRIAL = (300, 2000.0)
_SMALL_OTHER = (100, 1000.0)
#: Revenue (万元) from which an industrial firm enters the 规模以上 statistics.
_ABOVE_SCALE_REVENUE = 2000.0
#: A head-count in a firm's own words: 招用退役军人12人 / 3名.
_COUNT = re.compile(r"(\d+)\s*(?:人|名|位|件|个)")
#: An amount in a firm's own words: 购置设备600万元 / 1.2亿元 (万美元 is not compared with 万元).
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|亿元)")


@dataclass(frozen=True)
class Verdict:
    """One condition judged: ``status`` yes / no / unknown / note (a figure to check by hand)."""

    status: str
    reason: str
    evidence: bool = False  # met by what the firm itself stated (not derived, not zone/industry)


@dataclass(frozen=True)
class FirmFacts:
    """Concepts found in the firm's own qualification and event lists."""

    held: frozenset[str]
    levels: dict[str, frozenset[str]]
    first: frozenset[str]
    renewal: frozenset[str]
    events: frozenset[str]
    counts: dict[str, int]
    amounts: dict[str, float]
    knows_qualifications: bool
    knows_events: bool
    industrial: bool | None
    unrecognized: tuple[str, ...] = ()  # the firm's own words no vocabulary entry recognised


@dataclass(frozen=True)
class Match:
    """The outcome for one policy."""

    policy_id: str
    title: str
    status: str
    clause: str = ""
    why: str = ""
    unknown: tuple[str, ...] = ()
    window: str | None = None
    where: str | None = None

    def to_contract(self) -> dict:
        """The item as ``huiqi match --json`` prints it (exactly the contract's keys)."""
        if self.status == ELIGIBLE:
            return {"policy_id": self.policy_id, "clause": self.clause, "why": self.why}
        if self.status == MAYBE:
            return {"policy_id": self.policy_id, "clause": self.clause, "unknown": list(self.unknown)}
        return {"policy_id": self.policy_id, "why": self.why}


@dataclass
class MatchReport:
    """Every policy sorted into the three lists."""

    eligible: list[Match] = field(default_factory=list)
    maybe: list[Match] = field(default_factory=list)
    not_eligible: list[Match] = field(default_factory=list)

    def to_contract(self) -> dict:
        """``{"eligible": [...], "maybe": [...], "not_eligible": [...]}``."""
        return {
            "eligible": [m.to_contract() for m in self.eligible],
            "maybe": [m.to_contract() for m in self.maybe],
            "not_eligible": [m.to_contract() for m in self.not_eligible],
        }


def industry_qualifications(industry: str | None, vocabulary: Vocabulary) -> set[str]:
    """Qualifications that are only an industry (外贸企业, 软件企业): held by a firm of that industry.

    A qualification counts as one when its name without 企业 is an industry of the vocabulary's
    families and the firm's industry is that one or narrower (外贸 → 外贸企业; 跨境电商 → 外贸企业 only
    if the families say so). Certifications (高新技术企业) are never industries, so never derived.
    """
    if not industry:
        return set()
    return {
        name
        for name, stem in vocabulary.industry_qualifications.items()
        if vocabulary.industry_relation(industry, stem) == "same"
    }


def firm_facts(profile: FirmProfile, vocabulary: Vocabulary) -> FirmFacts:
    """Read the concepts a firm's qualification and event lists name (with 首次 / 重新认定 marks)."""
    held: set[str] = set()
    levels: dict[str, set[str]] = {}
    first: set[str] = set()
    renewal: set[str] = set()
    events: set[str] = set()
    counts: dict[str, int] = {}
    amounts: dict[str, float] = {}
    unrecognized: list[str] = []
    for text in (profile.qualifications or ()) + (profile.events or ()):
        number = _COUNT.search(text)
        amount = _AMOUNT.search(text)
        mentions = vocabulary.find(text)
        if not mentions:
            unrecognized.append(text)
        for mention in mentions:
            if number and mention.kind == "event":
                counts[mention.concept] = int(number.group(1))
            if amount and mention.kind == "event":
                scale = 10000 if amount.group(2) == "亿元" else 1
                amounts[mention.concept] = float(amount.group(1)) * scale
            (held if mention.kind == "qualification" else events).add(mention.concept)
            if mention.level:
                levels.setdefault(mention.concept, set()).add(mention.level)
            if mention.first:
                first.add(mention.concept)
            if mention.renewal:
                renewal.add(mention.concept)
    industrial = None
    if profile.industry:
        relation = vocabulary.industry_relation(profile.industry, "制造业")
        industrial = relation == "same"
    held.update(industry_qualifications(profile.industry, vocabulary))
    if "规上企业" in held and industrial:
        held.add("规上工业企业")  # an industrial firm's 规上企业 is a 规上工业企业
    return FirmFacts(
        held=frozenset(vocabulary.closure(held)),
        levels={k: frozenset(v) for k, v in levels.items()},
        first=frozenset(first),
        renewal=frozenset(renewal),
        events=frozenset(events),
        counts=counts,
        amounts=amounts,
        knows_qualifications=profile.qualifications is not None,
        knows_events=profile.events is not None,
        industrial=industrial,
        unrecognized=tuple(unrecognized),
    )


def _derived(name: str, profile: FirmProfile, facts: FirmFacts) -> Verdict | None:
    """Qualifications that follow from size figures (小微企业, 规上) when the firm did not list them."""
    if name == "小微企业":
        max_emp, max_rev = _SMALL_INDUSTRIAL if facts.industrial else _SMALL_OTHER
        emp, rev = profile.employees, profile.revenue_wan
        if emp is not None and rev is not None and emp < max_emp and rev < max_rev:
            return Verdict(YES, f"职工{emp}人、年营业收入{rev:g}万元，按划型标准属小微企业")
        if emp is not None and rev is not None and emp >= max_emp and rev >= max_rev:
            return Verdict(NO, f"职工{emp}人、年营业收入{rev:g}万元，不属于小微企业")
        return Verdict(UNKNOWN, "是否属于小微企业（按职工人数和营业收入划型）")
    if name in ("规上工业企业", "规上企业"):
        if name == "规上工业企业" and facts.industrial is False:
            return Verdict(NO, "不是工业企业，不属于规上工业企业")
        if profile.revenue_wan is not None and profile.revenue_wan < _ABOVE_SCALE_REVENUE:
            return Verdict(NO, f"年营业收入{profile.revenue_wan:g}万元，未达规模以上标准（2000万元）")
        return Verdict(UNKNOWN, f"是否已纳入{name}统计")
    return None


def _unrecognized(facts: FirmFacts) -> str:
    """A hint naming the firm's words the vocabulary did not recognise (they may be what is asked)."""
    if not facts.unrecognized:
        return ""
    return f"（企业所述“{'”“'.join(facts.unrecognized[:2])}”未能自动识别，请核对）"


_RANK = {YES: 0, UNKNOWN: 1, NOTE: 1, NO: 2}


def check_requirement(req: Requirement, profile: FirmProfile, facts: FirmFacts) -> Verdict:
    """Judge one requirement; with alternatives (A、B或C) the best of them counts."""
    verdicts = [_check_one(req, profile, facts)] + [
        _check_one(dataclasses.replace(req, concept=name, alternatives=()), profile, facts)
        for name in req.alternatives
    ]
    best = min(verdicts, key=lambda v: _RANK[v.status])
    if best.status == NO and req.alternatives:
        names = "或".join((req.concept, *req.alternatives))
        return Verdict(NO, f"要求{names}，企业均不具备")
    return best


def _check_one(req: Requirement, profile: FirmProfile, facts: FirmFacts) -> Verdict:
    """Judge one qualification or event requirement against the firm's facts."""
    name = req.concept
    label = f"{req.level or ''}{name}"
    if req.kind == "qualification" and name in facts.held:
        levels = facts.levels.get(name)
        if req.level and levels and req.level not in levels:
            return Verdict(NO, f"要求{label}，企业为{'、'.join(sorted(levels))}{name}")
        if req.first and name not in facts.first:
            if name in facts.renewal:
                return Verdict(NO, f"仅首次认定为{name}的才享受，企业为重新认定")
            return Verdict(UNKNOWN, f"是否为首次认定{label}")
        if req.renewal and name not in facts.renewal:
            return Verdict(UNKNOWN, f"是否为{label}重新认定（复核）通过")
        return Verdict(YES, f"企业为{label}", True)
    if req.kind == "qualification":
        derived = _derived(name, profile, facts)
        if derived is not None:
            return derived
        if facts.knows_qualifications and not facts.unrecognized:
            return Verdict(NO, f"要求{label}，企业资质中没有")
        return Verdict(UNKNOWN, f"是否为{label}{_unrecognized(facts)}")
    if name in facts.events:
        if req.first and name not in facts.first:
            return Verdict(UNKNOWN, f"是否为首次（{name}）")
        if req.min_count:
            count = facts.counts.get(name)
            if count is None:
                return Verdict(UNKNOWN, f"“{name}”是否达到{req.min_count}人（件）以上")
            if count < req.min_count:
                return Verdict(NO, f"“{name}”{count}人（件），未达到{req.min_count}人（件）以上")
            return Verdict(YES, f"企业有“{name}”{count}人（件），达到{req.min_count}以上", True)
        return Verdict(YES, f"企业有“{name}”情形", True)
    if facts.knows_events and not facts.unrecognized:
        return Verdict(NO, f"须有“{name}”情形，企业近期情形中没有")
    return Verdict(UNKNOWN, f"是否有“{name}”情形{_unrecognized(facts)}")


_COMPARE = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


def check_threshold(
    threshold: Threshold, profile: FirmProfile, today: dt.date, amount: float | None = None
) -> Verdict:
    """Compare one threshold with the firm's figure.

    A figure no profile field holds (投资额, 出口额) is compared with ``amount`` — the sum the firm
    wrote in the event the benefit is about — when given and in the same unit; otherwise it is a
    note to check by hand (policy-wide scope) or unknown (``amount`` is ``NaN``: a benefit's own).
    """
    if not threshold.field:
        if amount is not None and amount == amount and threshold.unit == "万元":
            met = _COMPARE[threshold.op](amount, threshold.value)
            figure = f"企业所述金额{amount:g}万元"
            if met:
                return Verdict(YES, f"{figure}，满足“{threshold.describe()}”", True)
            return Verdict(NO, f"{figure}，不满足“{threshold.describe()}”")
        if amount is not None:
            return Verdict(UNKNOWN, f"是否{threshold.describe()}")
        return Verdict(NOTE, f"请核对：{threshold.describe()}")
    yearly = profile.revenue_wan
    value = {
        "revenue_wan": yearly,
        "revenue_month": None if yearly is None else round(yearly / 12, 2),  # an even year, as firms do
        "revenue_quarter": None if yearly is None else round(yearly / 4, 2),
        "employees": profile.employees,
        "rd_share": profile.rd_share,
        "age_years": profile.age_years(today),
    }.get(threshold.field)
    if value is None:
        return Verdict(UNKNOWN, f"是否{threshold.describe()}")
    figure = f"{threshold.subject}{value:g}{threshold.unit}"
    if _COMPARE[threshold.op](value, threshold.value):
        return Verdict(YES, f"{figure}，满足“{threshold.describe()}”", True)
    return Verdict(NO, f"{figure}，不满足“{threshold.describe()}”")


def _combine(verdicts: list[Verdict]) -> str:
    statuses = {v.status for v in verdicts}
    if NO in statuses:
        return NO
    if UNKNOWN in statuses:
        return UNKNOWN
    return YES


def _reasons(verdicts: list[Verdict], status: str) -> list[str]:
    return list(dict.fromkeys(v.reason for v in verdicts if v.status == status))


def _zone_covered(zone: str, zones: list[str]) -> bool:
    return any(zone == z or zone in z or z in zone for z in zones)


def _place(cond: PolicyConditions, profile: FirmProfile, vocabulary: Vocabulary) -> list[Verdict]:
    """Zone and industry of the front matter."""
    verdicts = []
    if cond.zones != "all":
        names = "、".join(cond.zones)
        if profile.zone is None:
            verdicts.append(Verdict(UNKNOWN, f"所在区位（本政策仅适用于{names}）"))
        elif _zone_covered(profile.zone, cond.zones):
            verdicts.append(Verdict(YES, f"企业位于{profile.zone}，在适用区位内"))
        else:
            verdicts.append(Verdict(NO, f"本政策仅适用于{names}，不含{profile.zone}"))
    if cond.industries != "all":
        names = "、".join(cond.industries)
        if profile.industry is None:
            verdicts.append(Verdict(UNKNOWN, f"所属行业（本政策面向{names}）"))
        else:
            relations = {vocabulary.industry_relation(profile.industry, i) for i in cond.industries}
            if "same" in relations:
                verdicts.append(Verdict(YES, f"所属行业{profile.industry}在适用范围（{names}）内"))
            elif "broader" in relations:
                verdicts.append(Verdict(UNKNOWN, f"是否属于{names}行业"))
            else:
                verdicts.append(Verdict(NO, f"本政策面向{names}行业，{profile.industry}不在其列"))
    for text in cond.exclusions:
        named = profile.industry and vocabulary.industry_named_in(profile.industry, text)
        if named and "不适用" in text and "行业" in text:
            verdicts.append(Verdict(NO, f"{profile.industry}属于本政策排除的行业：{text}"))
    return verdicts


def _scope(cond: PolicyConditions, profile: FirmProfile, facts: FirmFacts, today: dt.date) -> list[Verdict]:
    """The policy-wide scope: any one of its qualifications or events, and all its thresholds."""
    verdicts = []
    if cond.scope:
        scope = [check_requirement(r, profile, facts) for r in cond.scope]
        statuses = {v.status for v in scope}  # any one of them is enough
        status = YES if YES in statuses else UNKNOWN if UNKNOWN in statuses else NO
        if status == YES:
            verdicts.extend(v for v in scope if v.status == YES)
        elif status == UNKNOWN:
            verdicts.append(Verdict(UNKNOWN, "或".join(_reasons(scope, UNKNOWN))))
        else:
            wanted = "或".join(f"{r.level or ''}{r.concept}" for r in cond.scope)
            verdicts.append(Verdict(NO, f"本政策要求企业为（或有）{wanted}，企业均不具备"))
    verdicts.extend(check_threshold(t, profile, today) for t in cond.scope_thresholds)
    return verdicts


def _judge(benefit: Benefit, profile: FirmProfile, facts: FirmFacts, today: dt.date) -> list[Verdict]:
    amounts = [facts.amounts[r.concept] for r in benefit.requirements if r.concept in facts.amounts]
    amount = amounts[0] if amounts else float("nan")
    return [check_requirement(r, profile, facts) for r in benefit.requirements] + [
        check_threshold(t, profile, today, amount) for t in benefit.thresholds
    ]


def application_text(window: str | None, where: str | None) -> str:
    """When and where to apply, in one line (``申报时间：…；受理：…``)."""
    parts = []
    if window:
        parts.append(f"申报时间：{window}")
    if where and where != window:
        parts.append(f"受理：{where}")
    return "；".join(parts) or "申报时间和受理部门见政策原文"


def _application(cond: PolicyConditions) -> str:
    return application_text(cond.window, cond.where)


def match_policy(
    cond: PolicyConditions,
    profile: FirmProfile,
    facts: FirmFacts,
    vocabulary: Vocabulary,
    today: dt.date,
) -> Match:
    """Sort one policy into 符合 / 可能符合 / 不符合 for this firm, with its reasons."""
    base = {"policy_id": cond.policy_id, "title": cond.title, "window": cond.window, "where": cond.where}
    if cond.valid_until and cond.valid_until < today:
        why = f"政策已于{cond.valid_until.isoformat()}失效"
        if cond.replaced_by:
            why += f"，已由 {cond.replaced_by} 接替"
        return Match(status=NOT_ELIGIBLE, why=why, **base)
    scope = _scope(cond, profile, facts, today)
    gate = _place(cond, profile, vocabulary) + scope
    if _combine(gate) == NO:
        return Match(status=NOT_ELIGIBLE, why="；".join(_reasons(gate, NO)), **base)
    judged = [(b, _judge(b, profile, facts, today)) for b in cond.benefits]
    scope_positive = any(
        v.status == YES and v.evidence for v in scope[: len(scope) - len(cond.scope_thresholds)]
    )
    if _combine(gate) == YES:
        off_theme = bool(cond.theme) and not facts.events & set(cond.theme)
        for benefit, verdicts in judged:
            own = any(v.status == YES and v.evidence for v in verdicts)
            positive = own or (scope_positive and not benefit.requirements)
            # a policy about an event (政府采购, 设备更新 …) that the firm has not mentioned, met only
            # through who the firm is: 可能符合 at most
            by_event = any(r.kind == "event" for r in benefit.requirements)
            if off_theme and not by_event:
                positive = False
            if _combine(verdicts) == YES and positive:
                reasons = _reasons(gate + verdicts, YES)
                notes = _reasons(gate + verdicts, NOTE)
                why = f"{'；'.join(reasons)}。依据{benefit.clause}：{benefit.text}"
                if notes:
                    why += f"（{'；'.join(notes)}）"
                if cond.exclusions:
                    why += f"。注意：{cond.exclusions[0]}"
                why += f"。{_application(cond)}"
                return Match(status=ELIGIBLE, clause=benefit.clause, why=why, **base)
    off_theme = bool(cond.theme) and not facts.events & set(cond.theme)
    open_benefits = [(b, v) for b, v in judged if _combine(v) != NO]
    if open_benefits or not judged:
        unknown = _reasons(gate, UNKNOWN)
        if open_benefits:
            benefit, verdicts = min(open_benefits, key=lambda bv: len(_reasons(bv[1], UNKNOWN)))
            unknown += _reasons(verdicts, UNKNOWN)
            clause = benefit.clause
        else:
            clause = cond.scope_clause or ""
        if off_theme:
            unknown.append(f"是否有“{'或'.join(cond.theme)}”相关情形（本政策的主题）")
        if not unknown:
            unknown = [NOTHING_TO_CHECK]
        return Match(status=MAYBE, clause=clause, unknown=tuple(dict.fromkeys(unknown)), **base)
    benefit, verdicts = min(judged, key=lambda bv: len(_reasons(bv[1], NO)))
    why = f"各项支持均有条件不满足，如{benefit.clause}：{'；'.join(_reasons(verdicts, NO))}"
    return Match(status=NOT_ELIGIBLE, clause=benefit.clause, why=why, **base)


def match_firm(
    profile: FirmProfile,
    conditions: list[PolicyConditions],
    vocabulary: Vocabulary,
    today: dt.date | None = None,
) -> MatchReport:
    """Match one firm against every policy; each list keeps the policies' order."""
    today = today or dt.date.today()
    facts = firm_facts(profile, vocabulary)
    report = MatchReport()
    for cond in conditions:
        match = match_policy(cond, profile, facts, vocabulary, today)
        getattr(report, match.status).append(match)
    return report

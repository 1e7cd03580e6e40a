"""Extract the conditions of a policy from its clauses, by rules an editor can read and correct.

Each clause (as ``policy_index.chunking`` labels it) is cut into sentences, and each sentence is read
as one of:

* **scope** — who the policy is for (适用于 / 支持对象 / 本办法所称 / 申报条件 / 应当…): its
  qualifications and events form one any-of group for the whole policy, its thresholds all apply;
* **benefit** — what is given (给予 / 奖励 / 补贴 / 免征 …): the text before the benefit verb holds that
  benefit's own conditions (all of them apply);
* **exclusion** (不重复享受 / 不可兼得 / 不予 …), **window** (申报时间 …) and **where** (受理窗口 …),
  kept as text for the answer.

The result is plain data (:meth:`PolicyConditions.to_dict`) so that it can be shown for review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import asdict, dataclass, field

from matching.vocabulary import Mention, Vocabulary
from policy_index.chunking import chunk_policy
from policy_index.corpus import Policy

__all__ = [
    "Benefit",
    "PolicyConditions",
    "Reading",
    "Requirement",
    "Threshold",
    "extract_conditions",
    "find_thresholds",
    "read_sentences",
    "sentences",
]

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_BENEFIT_VERB = re.compile(
    r"给予|奖励|补贴|补助|资助|贴息|奖补|减半|免征|减征|免收|返还|减免|退还|补足|加计扣除|退税|"
    r"缓缴|减按|承担|发放"
)
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|%|个百分点|倍|万美元)|全额|减半|免征|免收")
_SCOPE = re.compile(
    r"适用于|适用范围|支持对象|扶持对象|奖补对象|补贴对象|奖励对象|申报主体|面向|所称|是指|"
    r"申报条件|申请条件|享受条件|应当具备|须同时|应同时|同时符合|符合以下条件|"
    r"(?:须|应当|需)[^，。]{0,6}(?:已|取得|具有|具备)|(?:企业|单位|申请人)(?:须|必须|应当)在"
)
_EXCLUSION = re.compile(
    r"不(?:予|得|再)?重复|不可兼得|不(?:予|再)(?:奖励|补贴|支持|受理)|不享受|不适用|除外|就高|不叠加|"
    r"不纳入|取消"
)
_PENALTY = re.compile(r"追回|骗取|虚假|失信|违法|撤销|取消.{0,6}资格")
_PREAMBLE = re.compile(r"^(?:为|根据|按照|依据)[^，。]{0,60}[，,]|制定本|现就|通知如下|意见如下")
_PROCEDURE = re.compile(r"申报|提交|受理|材料|报送|拨付|咨询|审核|兑现|公示|申请表|初审|复核|联审|登录")
_WINDOW = re.compile(
    r"(?:每年|每季度|于|自|截至|截止)[^，。；]{0,12}\d+月|\d+月\d+日(?:前|至)|集中受理|申报时间|申报期|"
    r"按季度|按月|每季度|常年受理|随时申报|次年\d+月"
)
_WHERE = re.compile(
    r"受理(?:窗口|地点|部门|单位)|窗口|服务大厅|网上|系统|平台|公众号|报送至|提交至|(?:向|到)[^，。；]{2,20}(?:局|中心|部门|科)"
)

# Threshold subjects: the profile field they are compared with ("" = a figure the profile lacks).
_SUBJECTS: list[tuple[str, str]] = [
    (
        r"研发(?:费用|投入|经费)(?:支出)?(?:总额)?占[^，。；]{0,8}(?:收入|营收)[^，。；]{0,6}比(?:例|重)",
        "rd_share",
    ),
    (r"(?:合计)?月销售额", "revenue_month"),
    (r"(?:合计)?季度销售额", "revenue_quarter"),
    (r"(?<!产品)(?<!单个产品年)(?:营业收入|主营业务收入|销售收入|营收|年收入)", "revenue_wan"),
    (r"职工总数|从业人数|从业人员|在职职工(?:人数)?|职工人数|员工(?:人数|总数)?|参保职工", "employees"),
    (
        r"设备投资额|投资额|总投资|投资规模|出口额|进出口额|募集资金|实缴注册资本|注册资本|"
        r"经费支出额|亩均税收|融资额|资产总额|应纳税所得额",
        "",
    ),
]
_CMP_BEFORE = {
    "超过": ">",
    "突破": ">",
    "高于": ">",
    "达到": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不超过": "<=",
    "低于": "<",
    "不足": "<",
    "少于": "<",
    "未超过": "<=",
}
_CMP_AFTER = {
    "（含）以上": ">=",
    "(含)以上": ">=",
    "及以上": ">=",
    "以上": ">=",
    "（含）以下": "<=",
    "(含)以下": "<=",
    "以下": "<=",
    "以内": "<=",
}
_NUMBER = r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|万美元|亿美元|元|人|%)"
_THRESHOLD = re.compile(
    r"(?P<subject>"
    + "|".join(f"(?:{s})" for s, _ in _SUBJECTS)
    + r")[^，。；\d]{0,14}?(?P<before>"
    + "|".join(sorted(_CMP_BEFORE, key=len, reverse=True))
    + r")?\s*(?:在)?\s*"
    + _NUMBER
    + r"(?P<after>"
    + "|".join(re.escape(a) for a in sorted(_CMP_AFTER, key=len, reverse=True))
    + r")?"
)
_AGE = re.compile(r"(?:成立|注册成立|设立|注册)(?:时间)?(?:不满|未满|不超过|在)?(\d+)年(?:以内|内|以下)?")


@dataclass(frozen=True)
class Requirement:
    """A qualification the firm must hold or an event it must have had (首次 = the first time)."""

    concept: str
    kind: str  # "qualification" | "event"
    level: str | None = None
    first: bool = False
    renewal: bool = False
    text: str = ""
    min_count: int | None = None  # 招用退役军人达到10人以上 → 10
    alternatives: tuple[str, ...] = ()  # other concepts that also satisfy it (A、B或C)


@dataclass(frozen=True)
class Threshold:
    """A figure the firm must reach or stay under; ``field`` is empty for figures no profile holds."""

    field: str  # revenue_wan | revenue_month | revenue_quarter | employees | rd_share | age_years | ""
    subject: str
    op: str  # ">=" | ">" | "<=" | "<"
    value: float  # in the profile's unit (万元, 人, %, 年); amounts the profile lacks keep theirs
    unit: str
    text: str

    def describe(self) -> str:
        """The threshold in words, e.g. ``营业收入超过10000万元``."""
        words = {">=": "不低于", ">": "超过", "<=": "不超过", "<": "低于"}[self.op]
        value = f"{self.value:g}"
        return f"{self.subject}{words}{value}{self.unit}"


@dataclass(frozen=True)
class Benefit:
    """One benefit sentence of a clause and the conditions written before its verb."""

    clause: str
    text: str
    requirements: tuple[Requirement, ...] = ()
    thresholds: tuple[Threshold, ...] = ()


@dataclass(frozen=True)
class PolicyConditions:
    """Everything the matcher needs to know about one policy, in reviewable form."""

    policy_id: str
    title: str
    valid_until: dt.date | None
    replaced_by: str | None
    zones: str | list[str]
    industries: str | list[str]
    scope: tuple[Requirement, ...] = ()
    scope_thresholds: tuple[Threshold, ...] = ()
    scope_clause: str | None = None
    theme: tuple[str, ...] = ()  # events the title names (政府采购, 出口信用保险 …)
    benefits: tuple[Benefit, ...] = ()
    exclusions: tuple[str, ...] = ()
    window: str | None = None
    where: str | None = None
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Plain JSON-ready data (dates as ISO strings) for review and for ``huiqi conditions``."""
        data = asdict(self)
        data["valid_until"] = self.valid_until.isoformat() if self.valid_until else None
        return data


def sentences(text: str) -> list[str]:
    """Split a clause into sentences on 。；！？ and line breaks (stripped, empty ones dropped)."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _number(value: str, unit: str) -> tuple[float, str]:
    number = float(value)
    if unit == "亿元":
        return number * 10000, "万元"
    if unit == "元":
        return number / 10000, "万元"
    if unit == "亿美元":
        return number * 10000, "万美元"
    return number, unit


def find_thresholds(text: str) -> list[Threshold]:
    """Thresholds written in ``text`` (a subject, a comparison and a number with its unit)."""
    found = []
    for match in _THRESHOLD.finditer(text):
        before, after = match.group("before"), match.group("after")
        op = _CMP_BEFORE.get(before or "") or _CMP_AFTER.get(after or "")
        if op is None:
            continue
        if before in ("超过", "突破") or (after and "以上" in after and before in (None, "达到")):
            op = ">" if before in ("超过", "突破") else ">="
        subject = match.group("subject")
        field_name = next(f for s, f in _SUBJECTS if re.fullmatch(s, subject))
        value, unit = _number(match.group("num"), match.group("unit"))
        if field_name.startswith("revenue") and unit != "万元":
            continue
        if field_name == "employees" and unit != "人":
            continue
        if field_name == "rd_share" and unit != "%":
            continue
        found.append(Threshold(field_name, subject, op, value, unit, match.group(0)))
    for match in _AGE.finditer(text):
        found.append(Threshold("age_years", "成立年限", "<=", float(match.group(1)), "年", match.group(0)))
    return found


_COUNT_AFTER = re.compile(
    r"^[^，。；\d]{0,4}?(?:达到|超过|满)?(\d+)\s*(?:人|名|件|个|家)(?:以上|及以上|（含）以上)"
)


_OR_GAP = re.compile(r"^[^，。；且并]{0,3}(?:、|和|及|或|或者|以及|与)[^，。；且并]{0,3}$")


def _requirements(mentions: list[Mention], text: str) -> tuple[Requirement, ...]:
    """Requirements of the mentions; neighbours of one kind joined by 、/和/或 (小规模纳税人、小型微利企业和
    个体工商户) become one requirement with alternatives."""
    found: list[Requirement] = []
    previous: Mention | None = None
    for m in mentions:
        gap = text[previous.end : m.start] if previous else ""
        if found and previous and previous.kind == m.kind and _OR_GAP.match(gap):
            head = found[-1]
            found[-1] = dataclasses.replace(head, alternatives=(*head.alternatives, m.concept))
            previous = m
            continue
        count = _COUNT_AFTER.search(text[m.end : m.end + 16]) if m.kind == "event" else None
        found.append(
            Requirement(
                m.concept,
                m.kind,
                m.level,
                m.first,
                m.renewal,
                text[max(0, m.start - 8) : m.end + 4],
                int(count.group(1)) if count else None,
            )
        )
        previous = m
    return tuple(found)


def _condition_part(sentence: str) -> str:
    """The part of a benefit sentence before its verb (where its conditions are written):
    before 给予 when it is said, else before the first benefit word."""
    match = re.search(r"给予|[，,]按", sentence) or _BENEFIT_VERB.search(sentence)
    return sentence[: match.start()] if match else sentence


def _gives_amount(sentence: str) -> bool:
    return bool(_BENEFIT_VERB.search(sentence)) and bool(_AMOUNT.search(sentence))


def _is_benefit(sentence: str) -> bool:
    verb = _BENEFIT_VERB.search(sentence)
    return bool(verb) and ("给予" in sentence or bool(_AMOUNT.search(sentence)))


def _benefit(clause: str, sentence: str, vocabulary: Vocabulary, before: list[Benefit]) -> Benefit:
    """A benefit; one that names no condition of its own (an add-on such as 再给予…) inherits
    those of the benefit before it in the same clause."""
    part = _condition_part(sentence)
    requirements = _requirements(vocabulary.find(part), part)
    thresholds = tuple(find_thresholds(part))
    if not requirements:  # 给予贷款贴息 / 退还留抵税额: the benefit's object names the event
        events = [m for m in vocabulary.find(sentence) if m.kind == "event"]
        requirements = _requirements(events, sentence)
    add_on = re.search(r"提高|上浮|另给予|再给予", sentence) and "给予" not in part
    if before and before[-1].clause == clause and (not requirements or add_on):
        requirements = before[-1].requirements + requirements
        thresholds = before[-1].thresholds + thresholds
    return Benefit(clause, _trim(sentence, 120), requirements, thresholds)


def _trim(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clause_sentences(policy: Policy) -> list[tuple[str, str]]:
    """(clause label, sentence) pairs in reading order, without the overlap of split windows."""
    seen: set[tuple[str, str]] = set()
    pairs = []
    for chunk in chunk_policy(policy):
        for sentence in sentences(chunk.text):
            key = (chunk.clause, sentence)
            if key not in seen:
                seen.add(key)
                pairs.append(key)
    return pairs


@dataclass(frozen=True)
class Reading:
    """How one sentence was read: its role and the conditions found in it (for review and bench)."""

    clause: str
    sentence: str
    role: str  # "benefit" | "scope" | "exclusion" | "procedure" | "other"
    requirements: tuple[Requirement, ...] = ()
    thresholds: tuple[Threshold, ...] = ()


def read_sentences(policy: Policy, vocabulary: Vocabulary) -> list[Reading]:
    """Every sentence of a policy with its role and conditions (preambles and penalties: other)."""
    readings: list[Reading] = []
    benefits: list[Benefit] = []
    for clause, sentence in _clause_sentences(policy):
        if _PENALTY.search(sentence) or _PREAMBLE.search(sentence):
            role = "other"
        elif _EXCLUSION.search(sentence):
            role = "exclusion"
        elif (
            (_WINDOW.search(sentence) or _PROCEDURE.search(sentence))
            and not _gives_amount(sentence)
            and not _SCOPE.search(sentence)
        ):
            role = "procedure"
        elif _is_benefit(sentence) and not _SCOPE.search(_condition_part(sentence)):
            benefit = _benefit(clause, sentence, vocabulary, benefits)
            benefits.append(benefit)
            readings.append(Reading(clause, sentence, "benefit", benefit.requirements, benefit.thresholds))
            continue
        elif _SCOPE.search(sentence):
            requirements = _requirements(vocabulary.find(sentence), sentence)
            readings.append(
                Reading(clause, sentence, "scope", requirements, tuple(find_thresholds(sentence)))
            )
            continue
        else:
            role = "other"
        readings.append(Reading(clause, sentence, role))
    return readings


def extract_conditions(policy: Policy, vocabulary: Vocabulary) -> PolicyConditions:
    """Read the conditions, benefits, exclusions, window and place of application of one policy."""
    scope: dict[str, Requirement] = {}
    scope_thresholds: list[Threshold] = []
    scope_clause = None
    benefits: list[Benefit] = []
    exclusions: list[str] = []
    window = where = None
    for reading in read_sentences(policy, vocabulary):
        sentence = reading.sentence
        if reading.role == "exclusion":
            exclusions.append(_trim(sentence))
        elif reading.role == "procedure":
            if window is None and _WINDOW.search(sentence):
                window = _trim(sentence)
            if where is None and _WHERE.search(sentence):
                where = _trim(sentence)
        elif reading.role == "benefit":
            benefits.append(
                Benefit(reading.clause, _trim(sentence, 120), reading.requirements, reading.thresholds)
            )
        elif reading.role == "scope":
            for req in reading.requirements:
                scope.setdefault(req.concept, req)
            scope_thresholds.extend(reading.thresholds)
            scope_clause = scope_clause or reading.clause
    return PolicyConditions(
        policy_id=policy.id,
        title=policy.title,
        valid_until=policy.valid_until,
        replaced_by=policy.replaced_by,
        zones=policy.zones,
        industries=policy.industries,
        scope=tuple(scope.values()),
        scope_thresholds=tuple(scope_thresholds),
        scope_clause=scope_clause,
        theme=tuple(m.concept for m in vocabulary.find(policy.title) if m.kind == "event"),
        benefits=tuple(benefits),
        exclusions=tuple(exclusions),
        window=window,
        where=where,
    )

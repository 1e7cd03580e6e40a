"""Answers from the policy being discussed: its clause on the aspect asked, on its scope, on what it
covers or on who may apply; what it leaves out in so many words; and the conversation state after an
answer."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from bot.actions.answer import (
    FOCUS,
    FOCUS_OF_ASPECT,
    LAWYER_QUESTION,
    PAYS_OUT,
    SAYS_PAYOUT,
    Answer,
    asks_when_paid,
    bigrams,
    citation_of,
    cited_answer,
    compose_answer,
    expired_on,
    from_text,
    says_something,
    sentences,
    sources_line,
)
from bot.actions.facts import (
    asking_part,
    describe,
    firm_facts,
)
from bot.actions.followup import (
    is_variant,
    refers_back,
)
from bot.actions.question_shape import ASPECT_WORDS, names_the_subject, only_a_tier
from bot.actions.retrieval import TOP_K, search_or_refusal
from bot.actions.state import State
from bot.actions.stays_on_policy import DENSE_MARGIN
from bot.actions.topics import find_topic
from policy_index.aspects import CLAUSE_PATTERNS, asked_aspects
from policy_index.chunking import sentence_spans
from policy_index.normalize import normalize_passage, normalize_query
from policy_index.referral import asks_what_counts, referred_policy
from policy_index.signals import subject_terms

#: Clauses of the current policy searched for a follow-up (before the aspect asked reorders them).
WITHIN_K = 30


#: Aspects that are the same for every firm: what the firm's facts cannot change.
PROCEDURAL = frozenset({"materials", "procedure", "deadline", "contact", "validity"})


#: What a policy "没有写明" when it has no clause on the aspect asked.
UNSTATED = {
    "amount": "具体金额",
    "conditions": "申请条件",
    "materials": "需要提交的材料",
    "procedure": "申请办理的程序和资金拨付方式",
    "deadline": "申报时间或期限",
    "contact": "受理部门和联系电话",
    "validity": "有效期",
}


def answer_on_current(
    index: Any,
    text: str,
    state: State,
    aspects: tuple[str, ...],
    intent: str | None,
    new_zone: str | None,
    *,
    said: str | None = None,
    about_zone: bool = False,
    covers: bool = False,
    told: str | None = None,
    referred: bool = False,
) -> tuple[Answer, State]:
    """Answer from the policy being discussed: its clause on the aspect asked, searched within it.

    When that clause sends the case to another policy of the collection by name ("使用应急转贷资金的，
    按照《…应急转贷资金…管理办法》执行", asked "过桥资金占用费怎么收" after 首贷贴息), the policy named
    answers, and becomes the one discussed (once: ``referred``).

    Asked whether it applies in the firm's zone (``about_zone``), or limited to zones other than the
    firm's, a zone-limited policy answers from its clause on its scope (:func:`scope_first`). Asked what
    it covers or who bears it (``covers``), it answers from its clause saying what is included,
    excluded or borne by whom (focus ``coverage``).

    The firm's facts (industry, size, qualifications, events) join the search, so that "那做软件的
    公司呢？营收也过两千万了" finds the clause on such firms — unless only the policy's own procedure
    is asked (materials, steps, deadline, department, validity: the same for every firm, "八十来号人，
    还来得及吗"). Facts said in this message (``said``: the message as said, when ``text`` is its
    question part; ``told``: what the firm said of itself when asking whether it may apply, "规下企业")
    are named at the head of the answer, so the firm sees what it rests on.
    """
    if not (about_zone or covers) and payout_unstated(index, text, state.policy_id):
        policy = policy_of(index, state.policy_id) or {"policy_id": state.policy_id}
        return not_stated(policy, "资金什么时候拨付到账"), replace(state, last_question=text)
    procedural = bool(aspects) and set(aspects) <= PROCEDURAL
    known = "" if procedural else describe(state.facts)
    # "可以补多少" after "去了一趟迪拜的展会，展位费十二万": the thing discussed (展位费) picks the clause
    topic = state.topic if state.topic and not procedural and not own_terms(text, state.policy_title) else ""
    topic = "" if topic in text else topic
    query = " ".join(part for part in (state.policy_title, known, topic, text) if part)
    result = search_or_refusal(index, query, policy_id=state.policy_id, k=WITHIN_K)
    if isinstance(result, Answer):
        return result, state
    # a follow-up asking no aspect asks what the last question asked (when the slot of its aspects is unset)
    wanted = aspects or state.aspects or tuple(asked_aspects(state.last_question or ""))
    # "费用怎么算": an aspect of a thing the follow-up names; "证书到期以后又评上的呢" is a case, not a thing
    asking = asking_part(text) or text  # "…周转不开用过桥资金，占用费怎么收": the fee is what it names
    named = own_terms(asking, state.policy_title) if aspects and not is_variant(text) else []
    preferred = window_first(text, prefer_aspects(result.get("hits") or [], wanted), wanted)
    hits = ranked = payout_first(text, naming_first(named, preferred))
    asked_here = referred or about_zone or covers  # its own scope or coverage; or already moved once
    if ranked and not asked_here and (target := _referred(index, text, ranked[0], state.policy_id)):
        moved = discussing(index, state, target)
        return answer_on_current(
            index, text, moved, aspects, intent, new_zone, said=said, told=told, referred=True
        )
    if covers:
        hits = coverage_first(text, hits)
    elif told:
        hits = applicants_first(told, hits)
    scoped = about_zone or outside(hits, state.zone)  # then its clause on scope answers, whatever was asked
    hits = (scope_first(hits) if scoped else hits)[:TOP_K]
    result = {**result, "hits": hits, "answerable": bool(hits)}
    focus = ["coverage"] if covers else focus_of(wanted)
    answer = compose_answer(text, result, intent=intent, zone=state.zone, lookup=index.policy, focus=focus)
    best = ranked[0] if ranked else {}  # its clause on what was asked, before any reordering
    on_it = names_any(best, named)  # "费用怎么算": the clause on 使用费用 answers
    if (
        answer.answered
        and aspects
        and aspects[0] == "validity"
        and not scoped
        and "validity" not in (best.get("aspects") or [])
        and (dated := validity_on_record(policy_of(index, best.get("policy_id"))))
    ):  # "啥时候到期" of a policy whose text never says: its dates on record, not its application window
        return dated, state_after(state, dated, state.last_question or text, wanted, state.topic)
    if (
        answer.answered
        and aspects
        and not scoped
        and not on_it
        and not any(a in (best.get("aspects") or []) for a in aspects)
    ):
        return not_stated(best, UNSTATED[aspects[0]]), replace(state, last_question=text)
    told = describe(firm_facts(said or text, lambda _said: None)) or told
    if answer.answered and told:
        answer = with_body(answer, f"按贵公司的情况（{told}）：\n{answer.body}")
    if answer.answered:
        answer = zone_applicability(answer, hits[0], state.zone, announce=bool(new_zone) or refers_back(text))
    return answer, state_after(state, answer, state.last_question or text, wanted, state.topic)


def _referred(index: Any, question: str, best: dict[str, Any], current: str | None) -> str | None:
    """The policy in force that the best clause of the policy discussed sends the question's case to
    (:func:`policy_index.referral.referred_policy`), or None; not for a question asking whether
    something counts under the policy discussed, which its own clause answers."""
    if current is None or asks_what_counts(question):
        return None
    target = referred_policy(str(best.get("text") or ""), current, index.policies, question)
    return target if target and not (index.policy(target) or {}).get("expired") else None


def own_terms(question: str, title: str | None) -> list[str]:
    """The subject terms a follow-up names of its own ("费用" of "费用怎么算", "利息" of "利息怎么算"):
    not a word asking for an aspect (材料, 时间) nor one of the policy's title."""
    terms = subject_terms(normalize_query(question))
    return [t for t in terms if len(t) >= 2 and not ASPECT_WORDS.search(t) and t not in (title or "")]


def names_any(hit: dict[str, Any], terms: list[str]) -> bool:
    """Whether a clause, or the heading it stands under ("三、使用费用"), names one of ``terms``."""
    said = f"{' '.join(hit.get('heading_path') or [])} {hit.get('text') or ''}"
    return any(term in said for term in terms)


def naming_first(terms: list[str], hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only the clauses naming what the follow-up names of its own (:func:`own_terms`), when some do:
    "费用怎么算" is answered from the clause on 使用费用, not from one with a larger sum in it; a notice's
    salutation naming 政府 is no clause on "政府给补贴吗"."""
    return [hit for hit in hits if names_any(hit, terms) and says_something(hit)] or hits


#: A time limit or date of a payout: "30个工作日内将补贴资金拨付", "于6月底前兑现", "次月拨付".
_PAYOUT_TIME = re.compile(
    r"(?:\d+|[一二三四五六七八九十]+)个?(?:工作日|日|天|周|月)(?:内|后)|(?:月|年|季度)(?:底|末)?前|次月|当月|当年"
)


def payout_first(question: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Asked when the money arrives ("钱啥时候到账"), the clauses on paying it out first (in their order),
    those that say when before those that only say it is paid ("剩余期限的补贴继续发放给基地"): the
    application window answers when to apply, not when the money comes."""
    if not asks_when_paid(question):
        return hits

    def rank(hit: dict[str, Any]) -> tuple[bool, bool]:
        text = str(hit.get("text") or "")
        return PAYS_OUT.search(text) is None, _PAYOUT_TIME.search(text) is None

    return sorted(hits, key=rank)


#: A clause on applying: its dates are the application window ("申报时间：…", "…前向区商务局提交").
_APPLYING = re.compile(r"申报|申请|受理|提交|报送")


def window_first(question: str, hits: list[dict[str, Any]], wanted: tuple[str, ...]) -> list[dict[str, Any]]:
    """Asked by when to apply ("截止日期", "什么时候截止": by the question itself, not the one a variant
    repeats), the clauses on applying first, then those that only date the payout ("于2027年3月31日前
    拨付至企业账户", which answers when the money comes)."""
    if asked_aspects(question)[:1] != ["deadline"] or wanted[:1] != ("deadline",) or asks_when_paid(question):
        return hits

    def rank(hit: dict[str, Any]) -> int:
        if "deadline" not in (hit.get("aspects") or []):
            return 2
        sentences = [sentence for _, sentence in sentence_spans(str(hit.get("text") or ""))]
        dated = [s for s in sentences if CLAUSE_PATTERNS["deadline"].search(s)]
        return 1 if dated and all(PAYS_OUT.search(s) and not _APPLYING.search(s) for s in dated) else 0

    return sorted(hits, key=rank)


#: Words of a clause that says who may apply ("本政策支持对象为…", "规模以下工业企业均可申报").
_APPLICANTS = re.compile(
    r"支持对象|适用对象|申报对象|申报主体|奖励对象|补助对象|适用于|均可申报|均可享受|可以申报|可申报"
)


def applicants_first(told: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Clauses saying who may apply first, for a firm asking whether it may apply as what it is
    (``told``: "规下企业", "个体户"); within each, those sharing more of its words first."""
    asked = bigrams(told)

    def rank(hit: dict[str, Any]) -> tuple[bool, int]:
        text = str(hit.get("text") or "")
        return not _APPLICANTS.search(text), -len(asked & bigrams(text))

    return sorted(hits, key=rank)


def coverage_first(question: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Clauses saying what a benefit covers, excludes or who bears it (focus ``coverage``) first, then
    those on the amount (what it pays for: "按实际租金的30%给予补贴"); within each, those sharing more
    of the question's words (利息 in "由财政按实际利息的50%贴息") first."""
    says_what_it_covers = FOCUS["coverage"][1]
    asked = bigrams(question)

    def rank(hit: dict[str, Any]) -> tuple[bool, bool, int]:
        text = str(hit.get("text") or "")
        pays = "amount" in (hit.get("aspects") or [])
        return not says_what_it_covers.search(text), not pays, -len(asked & bigrams(text))

    return sorted(hits, key=rank)


#: Words of a clause that sets out where a policy applies ("本办法适用于…在南村镇…范围内").
_SCOPE = re.compile(r"适用|范围|注册|落户|辖区|区域")


def scope_first(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hits of a zone-limited policy with its clause on scope first: the one naming its zones, one
    with words of scope (适用, 范围 …) before one that only names a zone in an address."""
    zones = next((hit["zones"] for hit in hits if isinstance(hit.get("zones"), list)), None)
    if not zones:
        return hits

    def rank(hit: dict[str, Any]) -> int:
        names = any(zone in str(hit.get("text") or "") for zone in zones)
        return 0 if sets_scope(hit) else 1 if names else 2

    return sorted(hits, key=rank)


def sets_scope(hit: dict[str, Any]) -> bool:
    """Whether the hit is a zone-limited policy's clause setting out where it applies: it names one of
    its zones in words of scope."""
    zones = hit.get("zones")
    text = str(hit.get("text") or "")
    return isinstance(zones, list) and any(zone in text for zone in zones) and bool(_SCOPE.search(text))


def scope_clause(index: Any, question: str, hits: list[dict[str, Any]]) -> dict[str, Any]:
    """The clause of the (zone-limited) policy of ``hits`` that sets out where it applies: among
    ``hits``, else searched within the policy; ``hits[0]`` when it has none."""
    found = next((hit for hit in hits if sets_scope(hit)), None)
    return found or clause_setting_scope(index, question, str(hits[0]["policy_id"])) or hits[0]


def clause_setting_scope(index: Any, question: str, policy_id: str) -> dict[str, Any] | None:
    """The clause of the policy ``policy_id`` that sets out where it applies, searched within it; None
    when none does."""
    within = index.search(question, k=WITHIN_K, policy_id=policy_id).get("hits") or []
    return next((hit for hit in within if sets_scope(hit)), None)


def outside(hits: list[dict[str, Any]], zone: str | None) -> bool:
    """Whether the policy of ``hits`` is limited to zones other than the firm's ``zone`` (then the answer
    says so, citing the clause on its scope)."""
    zones = hits[0].get("zones") if hits else None
    return bool(zone) and isinstance(zones, list) and zone not in zones


def prefer_aspects(hits: list[dict[str, Any]], aspects: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """Hits labelled with the first aspect asked come first (then the other asked aspects), else by score."""
    if not aspects:
        return hits

    def rank(hit: dict[str, Any]) -> int:
        labels = hit.get("aspects") or []
        return next((i for i, name in enumerate(aspects) if name in labels), len(aspects))

    return sorted(hits, key=rank)


def not_stated(policy: dict[str, Any], what: str) -> Answer:
    """The policy discussed says nothing on what was asked (``what``: "申报时间或期限"): say so, cite no
    clause of it, name its issuer to ask, and offer the lawyer team as a no-match answer does (a "好的"
    next starts the transfer). The policy stays the one discussed."""
    line = f"《{policy.get('title')}》里没有写明{what}。"
    if policy.get("issuer"):
        line += f"这项政策由{policy['issuer']}发布，可以向其咨询；"
    text = f"{line}{LAWYER_QUESTION}"
    payload = {"citations": [], "action": "no_match"}
    return Answer(text, payload, False, policy.get("policy_id"), policy.get("title"), [], line)


def validity_on_record(policy: dict[str, Any] | None) -> Answer | None:
    """Asked how long a policy whose text says nothing of it stays in force: its dates as the collection
    records them (front matter ``issued`` / ``valid_until``), said to be the record's and not a clause's,
    citing the policy itself; None when it records no end date."""
    if not policy or not policy.get("valid_until"):
        return None
    until = chinese_date(str(policy["valid_until"]))
    issued = f"于{chinese_date(str(policy['issued']))}印发，" if policy.get("issued") else ""
    now = "已经失效" if policy.get("expired") else "目前仍在有效期内"
    if policy.get("expired") and policy.get("repealed_from"):
        now = f"但{expired_on(policy)}"
    body = (
        f"《{policy.get('title')}》条文里没有单独写明有效期；按政策库登记的文件信息，它{issued}"
        f"有效期至{until}，{now}。"
    )
    if policy.get("issuer"):
        body += f"具体执行以{policy['issuer']}的解释为准。"
    dates = (("issued", "印发日期"), ("valid_until", "有效期至"))
    record = "；".join(f"{label}：{policy[key]}" for key, label in dates if policy.get(key))
    citation = record_citation(policy, record)
    return cited_answer(body, [citation], policy.get("policy_id"), policy.get("title"))


def record_citation(policy: dict[str, Any], what: str) -> dict[str, Any]:
    """A citation of what the collection records of a policy (``what``: "有效期至：2027-12-31"), not of a
    clause of its text: ``"clause": ""``."""
    return {**citation_of(policy), "clause": "", "text": f"政策库登记信息（{what}）"}


def policy_of(index: Any, policy_id: Any) -> dict[str, Any] | None:
    """One policy's record (front matter and ``expired``) with its ``policy_id``, or None."""
    policy = index.policy(str(policy_id)) if policy_id else None
    return {"policy_id": policy_id, **policy} if policy else None


def discussing(index: Any, state: State, policy_id: str) -> State:
    """``state`` with ``policy_id`` the policy discussed, under its title in the collection."""
    return replace(state, policy_id=policy_id, policy_title=(index.policy(policy_id) or {}).get("title"))


def chinese_date(iso: str) -> str:
    """``2027-12-31`` → ``2027年12月31日`` (as written in Chinese; other text unchanged)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", iso.strip())
    return f"{match[1]}年{int(match[2])}月{int(match[3])}日" if match else iso


def payout_unstated(index: Any, question: str, policy_id: str | None) -> bool:
    """Whether the question asks when the money arrives and the policy never speaks of paying out."""
    if not policy_id or not asks_when_paid(question):
        return False
    return not SAYS_PAYOUT.search(index.policy_text(policy_id))


def zone_applicability(answer: Answer, hit: dict[str, Any], zone: str | None, *, announce: bool) -> Answer:
    """Say whether a zone-limited policy applies to the firm's zone (replacing the answer if it does not)."""
    zones = hit.get("zones")
    if not zone or not isinstance(zones, list):
        return answer
    if zone in zones:
        if not announce:
            return answer
        line = f"贵公司所在的{zone}在《{hit['title']}》的适用范围内。"
        return with_body(answer, f"{line}\n{answer.body}")
    line = (
        f"{from_text(hit)}《{hit['title']}》仅适用于{'、'.join(zones)}；贵公司在{zone}，不在适用范围内，"
        "这项政策享受不了。如需了解适用于贵公司的其他政策，可以直接问我。"
    )
    citations = [citation_of(hit)] if sets_scope(hit) else answer.citations[:1]
    return replace(
        answer,
        text=f"{line}\n{sources_line(citations)}",
        body=line,
        citations=citations,
        payload={**answer.payload, "citations": citations},
    )


def with_body(answer: Answer, body: str) -> Answer:
    return replace(answer, body=body, text=f"{body}\n{sources_line(answer.citations)}")


def state_after(
    state: State, answer: Answer, question: str, aspects: tuple[str, ...], topic: str | None
) -> State:
    """The state once ``answer`` has been given."""
    if not answer.answered:
        return state
    return replace(
        state,
        policy_id=answer.policy_id,
        policy_title=answer.policy_title,
        topic=topic,
        last_question=question,
        aspects=aspects or state.aspects,
    ).citing(answer.citations)


def focus_of(aspects: tuple[str, ...] | list[str]) -> list[str] | None:
    focus = [name for aspect in aspects for name in FOCUS_OF_ASPECT.get(aspect, [])]
    return focus or None


#: A sentence that leaves a case out of a policy ("工业企业的食品深加工生产线不在本方案补助范围内").
_EXCLUDES = re.compile(
    r"不在[^，,。；;]{0,12}范围|不予|不属于|不包括|不适用|除外|不得(?:作为|申领|申报|申请|享受|列入)"
)


#: The phrase that leaves a case out names it ("…深加工生产线不在本方案补助范围内"); "取得证书后…申请，
#: 逾期不予受理" leaves out late applications, not certificates.
_PHRASE = re.compile(r"[，,：:]")


#: Misconduct or a lost status that bars a firm ("骗取出口退税等违法违规行为的，不予支持", "…被取消资格
#: 的，不得享受"): no case a firm asks about.
_MISCONDUCT = re.compile(
    r"违法|违规|失信|骗取|弄虚作假|虚报|冒领|套取|处罚|欠缴|欠税|事故|不合格|取消|撤销|吊销"
)


def leaves_out(sentence: str, terms: list[str], question: str = "") -> bool:
    """Whether ``sentence`` leaves out a case one of ``terms`` names: in the phrase that leaves it out
    ("…深加工生产线不在本方案补助范围内") or in the condition just before it ("已签订劳动合同的，不得
    作为见习人员申领见习补贴"; misconduct is no case: "骗取出口退税等违法违规行为的，不予支持"). A term
    is found as said or with a few characters between its own, as people shorten what documents write
    out (签合同 for 签订劳动合同) — but not as the head of a kind the ``question`` does not say: "外观设计
    专利不予资助" leaves out one kind of patent, not "那专利被人侵权了" (blind104)."""
    parts = _PHRASE.split(sentence)
    found = [any(_names_in(term, part, question) for term in terms) for part in parts]
    condition = [part.endswith("的") and not _MISCONDUCT.search(part) for part in parts]
    return any(
        _EXCLUDES.search(part) and (found[i] or (i > 0 and condition[i - 1] and found[i - 1]))
        for i, part in enumerate(parts)
    )


#: What may stand between a word and the term it goes with without making a kind of it ("…的专利", "、专利").
_JOINS = frozenset("的等和及与或、为是对将在其")


def _names_in(term: str, part: str, question: str) -> bool:
    """Whether ``part`` names ``term`` (:func:`_said_in`), once at least not as the head of a kind the
    ``question`` does not say (外观设计专利 for 专利)."""
    starts = [m.start() for m in re.finditer(re.escape(term), part)]
    if not starts:
        return _said_in(term, part)
    return any(not _a_kind_of(part[max(0, start - 2) : start], question) for start in starts)


def _a_kind_of(before: str, question: str) -> bool:
    """Whether the two characters ``before`` a term make a kind of it the question does not say."""
    return (
        bool(question)
        and len(before) == 2
        and all("\u4e00" <= c <= "\u9fff" for c in before)
        and before[-1] not in _JOINS
        and before not in question
    )


def case_terms(question: str, title: str) -> list[str]:
    """The subject terms of ``question`` that the policy titled ``title`` does not have for its own
    subject: the case the question names (食品 of "那要是我们食品公司…"), not the policy's (龙头 of a 龙头企业
    policy)."""
    written = normalize_passage(title)
    return [
        term for term in subject_terms(normalize_query(question)) if len(term) >= 2 and term not in written
    ]


def _said_in(term: str, text: str) -> bool:
    return term in text or re.search(".{0,3}".join(map(re.escape, term)), text) is not None


def excluded_case(
    index: Any, question: str, state: State, aspects: tuple[str, ...], intent: str | None
) -> tuple[Answer, State] | None:
    """A variant of the last question ("那要是我们食品公司上的深加工生产线呢") about a case the policy
    discussed leaves out in so many words: the collection without that policy answers, and the
    sentence leaving it out is quoted after it (the firm sees why the answer moved). When nothing else
    in force shares a word with the question and is about as close (:data:`DENSE_MARGIN`), that
    sentence alone answers ("那要是做葡萄酒的呢" →
    "葡萄酒、白酒等酒类产品…不在补贴范围内"). None when the policy does not leave
    the case out (then the variant is answered on it).
    """
    terms = case_terms(question, str((index.policy(state.policy_id) or {}).get("title") or ""))
    within = index.search(question, k=3, zone=state.zone, policy_id=state.policy_id).get("hits") or []
    found = next(
        (
            (hit, sentence)
            for hit in within
            for sentence in sentences(str(hit.get("text") or ""))
            if leaves_out(sentence, terms, question)
        ),
        None,
    )
    if found is None:
        return None
    hit, sentence = found
    own = citation_of(hit)
    line = f"《{hit['title']}》规定：{sentence.rstrip('；;。')}。"
    other = search_or_refusal(index, question, zone=state.zone, exclude_policy=state.policy_id)
    hits = [] if isinstance(other, Answer) else other.get("hits") or []
    hits = [h for h in hits if h.get("policy_id") == hits[0].get("policy_id")] if hits else []
    close = bool(hits) and (hits[0].get("dense_score") or 0) >= (hit.get("dense_score") or 0) - DENSE_MARGIN
    if close and only_a_tier(terms) and not names_the_subject(hits[0], state.last_question):
        close = False  # "那市级的呢" after 省级绿色工厂: 市级 高企 is not what was asked
    if close and hits[0].get("lexical_score") and not hits[0].get("expired"):
        answer = compose_answer(
            question,
            {**other, "hits": hits, "answerable": True},
            intent=intent,
            zone=state.zone,
            lookup=index.policy,
            focus=focus_of(aspects or state.aspects),
        )
        citations = [*answer.citations, own]
        body = f"{answer.body}\n{line}"
    else:
        answer, citations, body = None, [own], line
    main = answer or Answer("", {}, True, hit.get("policy_id"), hit.get("title"))
    reply = cited_answer(body, citations, main.policy_id, main.policy_title)
    return reply, state_after(state, reply, question, aspects, find_topic(question) or state.topic)

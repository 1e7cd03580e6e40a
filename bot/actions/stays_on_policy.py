"""Whether a follow-up is still about the policy being discussed, decided against the index: its own
clauses as close as the collection's best hit, a programme it never names, a variant it does not
speak of, or a look-alike policy that covers the case."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

from bot.actions.answer import (
    Answer,
    select_hits,
    sentences,
)
from bot.actions.benefits_had import asks_about_both
from bot.actions.facts import (
    asking_part,
    asks_something,
    clauses,
    less_who_the_firm_is,
    names_a_firm,
    only_tells_about_the_firm,
    only_the_situation,
)
from bot.actions.followup import (
    asks_if_eligible,
    by_the_way,
    is_variant,
    opens_new_subject,
    own_content,
    refers_back,
)
from bot.actions.named_in_passing import only_in_passing
from bot.actions.question_shape import ASPECT_WORDS, MIN_SUBJECT
from bot.actions.retrieval import search_or_refusal
from bot.actions.state import State
from bot.actions.topics import topic_terms
from policy_index.normalize import normalize_passage, normalize_query
from policy_index.referral import sends_case_to, without_quoted_titles
from policy_index.signals import said_in, subject_terms

#: A follow-up in the firm's own words stays on the current policy when that policy's best clause shares
#: words with it (BM25 > 0) and its cosine is within this of the best hit's. Measured on the follow-ups
#: of the development and round-3 prose conversations: those about the policy just cited were within
#: 0.037 of a look-alike notice; those that moved on either shared no word with the policy discussed
#: or were 0.045 and more apart (README, "Conversations").
DENSE_MARGIN = 0.04


#: … or its BM25 score is at least this share of the best hit's (both, when the collection finds the
#: question unanswerable).
LEXICAL_SHARE = 0.9


def stays_on_current(
    index: Any, text: str, result: dict[str, Any], current: str, *, small: bool, off_topic: bool = False
) -> bool:
    """Whether a question with a subject of its own is still about the current policy.

    It is when the question has a small subject and points back at it ("这个还能享受不"), or points back at
    it and asks only about what it says when the collection answers none of it ("以后从3A升到4A还能补吗"),
    or the current policy is the collection's best hit (sharing words with it, when the collection finds
    nothing answerable). A question of its own opened with "对了" that the collection answers from another
    policy is that policy's. Otherwise, unless it opens another subject ("另外问下…"), it leaves when the
    collection answers it and the current policy says none of its subject terms ("还有技能人才奖励截止没"
    after 专精特新), and stays when the current policy's best clause shares words with it and is about as
    close as the best hit of the whole collection (a look-alike notice): within :data:`DENSE_MARGIN` in
    cosine or at least :data:`LEXICAL_SHARE` of its BM25 score. When the collection finds nothing
    answerable, both must hold: a new question of its own ("社保断缴了还能补缴吗") gets no clause of the
    policy discussed, and a lawyer is offered; so does one naming something the policy never says ("民宿消防
    验收怎么办"), unless it asks whether a case may apply ("本科生能申请不"). Nor does a message NLU took
    for off-topic or small talk (``off_topic``) that the collection cannot answer: the two agree ("明天即墨
    会不会下雨"). First of all, a subject the policy discussed names only in another document's title or as
    a benefit not had with it ("数字化改造现在还能报吗" after "…和《…数字化绿色化改造专项政策》只能择其一")
    is the policy the collection answers it from."""
    hits = result.get("hits") or []
    if not hits:
        return False
    best = hits[0]
    if opens_new_subject(text):  # "另外有个员工闹劳动仲裁，这个咋办": said to be another subject
        return False
    answered_elsewhere = result.get("answerable") and best.get("policy_id") != current
    if answered_elsewhere and _of_another_only(index, text, current):
        # "数字化改造现在还能报吗" after a renovation policy naming 《…数字化绿色化改造专项政策》 only to say
        # the two are not had together: the policy the collection answers from
        return False
    if small and refers_back(text):
        return True
    if refers_back(text) and not result.get("answerable") and _says_all_of(index, text, current):
        # "以后从3A升到4A还能补吗" after a scenic-area reward: what it asks about (3A, 4A) is all the policy's
        # ("景区等级晋升的，按差额补足"), though said at length
        return True
    if (
        is_variant(text)
        and asks_of_another_firm(text)
        and (not result.get("answerable") or best.get("policy_id") == current)
    ):  # "那做餐饮连锁的呢": whether the policy discussed takes a firm of that trade ("那做氢能的呢" that
        # the collection answers from a hydrogen policy is that policy's)
        return True
    if states_its_own_case(index, text, current):
        return True
    if (
        by_the_way(text)
        and not small
        and result.get("answerable")
        and best.get("policy_id") != current
        and not _sends_to(index, current, best)
    ):
        return False  # "对了，我们还招了两个残疾人，有补贴吗": another policy answers what it asks
    if off_topic and not result.get("answerable"):
        return False
    if best.get("policy_id") == current and result.get("answerable"):
        return True
    if not result.get("answerable") and not asks_if_eligible(text) and _leaves_unsaid(index, text, current):
        # "民宿消防验收怎么办", "人才的孩子上学能给安排吗": nothing in the collection answers it and the
        # policy discussed never says what it asks about ("本科生能申请不" asks whether the firm's case
        # is taken: the policy's conditions answer that)
        return False
    says_none = result.get("answerable") and said_by_the_policy(index, text, current) == 0.0
    if says_none and _names_a_subject(text):  # its subject terms read again only in this rare case
        # "还有技能人才奖励截止没" after 专精特新: the collection answers from another policy, and the one
        # discussed says none of what is asked about ("费用多少" names no subject: a charge of any policy)
        return False
    if is_variant(text) and not speaks_of_the_variant(index, text, current):
        # "那职工学历提升读个函授本科呢", "那员工培训补贴呢": a case it never speaks of, though it says 职工
        # or shares 补贴 with it
        return False
    if best.get("policy_id") == current:
        return bool(best.get("lexical_score"))
    within = index.search(text, k=1, policy_id=current).get("hits") or []
    if not within or not within[0].get("lexical_score"):
        return False
    own = within[0]
    own_lexical, best_lexical = own["lexical_score"], best.get("lexical_score") or 0.0
    dense_close = (own.get("dense_score") or 0) >= (best.get("dense_score") or 0) - DENSE_MARGIN
    lexical_close = own_lexical >= LEXICAL_SHARE * best_lexical
    return dense_close and lexical_close if not result.get("answerable") else dense_close or lexical_close


#: Words for money paid or charged, not what it is for ("费用多少", "资金多久到").
_MONEY = re.compile(r"资金|经费|费用|款项|钱款|钱|费")


@functools.lru_cache(maxsize=1024)
def _subject_terms_of(question: str) -> dict[str, float]:
    """The question's subject terms (:func:`policy_index.signals.subject_terms`) less what it says about
    the firm itself (:func:`facts.only_the_situation`); read by several rules for the same follow-up, so
    kept for the questions asked last (callers only read the mapping)."""
    return subject_terms(normalize_query(only_the_situation(question)))


def _unsaid(index: Any, terms: Iterable[str], policy_id: str) -> bool:
    """Whether one of ``terms`` is nowhere in the policy (营业收入 is said by 主营业务收入:
    :func:`policy_index.signals.said_in`)."""
    said = index.policy_text(policy_id)
    return any(not said_in(term, said) for term in terms)


def _says_all_of(index: Any, question: str, policy_id: str) -> bool:
    """Whether the policy says every one of the question's subject terms (at least one)."""
    terms = _subject_terms_of(question)
    return bool(terms) and not _unsaid(index, terms, policy_id)


def _names_a_subject(text: str) -> bool:
    """Whether the question names something besides money (its subject terms, money words left out)."""
    terms = _subject_terms_of(text)
    return any(not _MONEY.fullmatch(term) for term in terms)


def _of_another_only(index: Any, question: str, policy_id: str) -> bool:
    """Whether the policy says the question's subject terms, each only in the title of another document it
    quotes or in passing (:func:`named_in_passing.only_in_passing`: a benefit it rules out having too)."""
    terms = _subject_terms_of(question)
    said = index.policy_text(policy_id)
    named = [term for term in terms if term in said]
    if not named or len(named) < len(terms):
        return False
    own = without_quoted_titles(said)
    return all(term not in own or only_in_passing(term, said) for term in named)


def _leaves_unsaid(index: Any, question: str, policy_id: str) -> bool:
    """Whether one of the question's subject terms, money words left out, is nowhere in the policy."""
    terms = _subject_terms_of(_NOT_THIS_CASE.sub("", question))
    return _unsaid(index, [term for term in terms if not _MONEY.fullmatch(term)], policy_id)


#: The firm saying what it is ("那我们是专精特新企业呢", "要是我们公司属于小微企业呢").
_OWN_CASE = re.compile(r"(?:我们|我司|咱们?|本公司)(?:公司|企业|厂)?(?:也|已经|就)?(?:是|属于)")


def states_its_own_case(index: Any, text: str, policy_id: str) -> bool:
    """Whether a variant says what the firm is, in words the policy discussed says ("那我们是专精特新企业呢"
    after a bridging-loan fee whose clause charges 专精特新 firms less): asked of that policy."""
    if not (is_variant(text) and _OWN_CASE.search(text)):
        return False
    terms = subject_terms(normalize_query(text))
    said = index.policy_text(policy_id)
    return bool(terms) and all(term in said for term in terms)


def asks_of_another_firm(text: str) -> bool:
    """Whether a variant names only another firm — its trade, size or place ("那做餐饮连锁的呢",
    "那我们是做商贸流通的呢") — and nothing else to ask about: whether the policy discussed takes it."""
    return names_a_firm(text) and not subject_terms(normalize_query(less_who_the_firm_is(text)))


def _sends_to(index: Any, current: str, hit: dict[str, Any]) -> bool:
    """Whether the policy discussed sends a case to the hit's policy by name (按照《…》执行), which then
    answers as the referral (:func:`policy_index.referral.sends_case_to`)."""
    target = index.policy(str(hit.get("policy_id")))
    return bool(target) and sends_case_to(index.policy_source(current), target)


#: A variant is asked of the policy discussed when that policy says at least this share (by weight) of
#: the variant's subject terms; "那职工学历提升读个函授本科有补贴吗" after a skills-certificate subsidy
#: (职工 said, 学历 and 函授 not: 0.28) is a new question.
VARIANT_COVERED = 0.5

#: The case a variant sets aside ("那要是那五个不是大学生，是就业困难人员呢"): not what it asks about.
_NOT_THIS_CASE = re.compile(r"(?:不是|并非)[^，,；;。？?！!]{1,12}[，,]?(?=(?:而|都|就)?是)")


def said_by_the_policy(index: Any, question: str, policy_id: str) -> float:
    """The weighted share of the question's subject terms the policy says (1.0 when it has none).

    What the question says about the firm itself — its trade, size, place ("那做软件的公司呢？营收也过
    两千万了", :func:`facts.only_the_situation`) — is the firm's case, not a subject the policy must name;
    nor is the case it sets aside ("不是大学生，是就业困难人员").
    """
    terms = _subject_terms_of(_NOT_THIS_CASE.sub("", question))
    total = sum(terms.values())
    if not total:
        return 1.0
    said = index.policy_text(policy_id)
    return sum(weight for term, weight in terms.items() if term in said) / total


def speaks_of_the_variant(index: Any, question: str, policy_id: str) -> bool:
    """Whether the policy discussed speaks of the case a variant asks about: it says
    :data:`VARIANT_COVERED` of the variant's subject terms (:func:`said_by_the_policy`) and the last of
    them, the head of what is named — "那花椒保险呢" after a 花椒 subsidy asks about insurance, which a
    policy saying 花椒 but never 保险 does not speak of."""
    if said_by_the_policy(index, question, policy_id) < VARIANT_COVERED:
        return False
    normalized = normalize_query(only_the_situation(question))
    terms = subject_terms(normalized)
    if not terms:
        return True
    head = max(terms, key=lambda term: normalized.rfind(term) + len(term))
    return head in index.policy_text(policy_id)


#: A programme's name is this long at least: shorter dictionary nouns name things any policy may
#: touch in other words (厂房, 贷款, 房租: "买厂房的贷款算不算" asks whether the current one covers it).
MIN_PROGRAMME = 4


#: Departments (税务局, 人力资源和社会保障局): who handles it, an aspect of any policy, not a subject.
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|办公室|中心)$")


@functools.cache
def _programmes() -> frozenset[str]:
    """The dictionary's programme names (read once per process, not on every follow-up)."""
    return frozenset(
        term for term in topic_terms() if len(term) >= MIN_PROGRAMME and not _DEPARTMENT.search(term)
    )


def names_what_the_policy_lacks(index: Any, question: str, policy_id: str) -> str | None:
    """A programme the question names that the policy discussed never mentions, or mentions only in
    passing (:mod:`bot.actions.named_in_passing`), or None.

    A programme is a noun of the shared domain dictionary (:func:`topics.topic_terms`: 出口信用保险,
    研发费用加计扣除, 社会保险 …; not a department, nor a short noun such as 厂房) among the question's
    subject terms (:func:`policy_index.signals.subject_terms`, synonyms mapped);
    "mentions" is read in the policy's title and clauses as indexed (a full form says an abbreviation).
    "那出口信用保险的保费有没有补贴" after an exhibition subsidy, "研发费用加计扣除能扣多少" after a R&D-pool
    award: a new subject, not an aspect of the policy discussed. Words the dictionary does not hold
    ("机票住宿", "利息") never count: they may be an aspect the policy words otherwise (差旅费, 贴息).
    Running costs and fees are read apart (:func:`bot.actions.running_costs.cost_it_never_names`).
    """
    said = index.policy_text(policy_id)
    programmes = _programmes()
    terms = [term for term in subject_terms(normalize_query(question)) if term in programmes]
    if not terms:
        return None
    # 社保补贴 is said by "社会保险补贴" (an abbreviation's full form: policy_index.signals.said_in); one
    # mentioned only in passing ("已享受创业担保贷款财政贴息的，不得重复") is not the policy's either
    passing = not asks_about_both(question)
    return next(
        (term for term in terms if not said_in(term, said) or (passing and only_in_passing(term, said))), None
    )


def within_names(index: Any, text: str, policy_id: str) -> bool:
    """Whether the policy's own clauses share words with the question (lexical match within it).

    The question is searched as said, less its aspect words: dropping filler characters would break
    words ("留用率过一半" → "留率一半").
    """
    said = ASPECT_WORDS.sub(" ", text).strip()
    if not said:
        return False
    return bool(index.search(said, k=1, policy_id=policy_id, mode="lexical").get("hits"))


#: A variant moves to a look-alike policy when this many of the collection's best hits are all that policy.
LOOKALIKE_HITS = 3


def lookalike_covering(index: Any, question: str, state: State) -> dict[str, Any] | None:
    """The search result of the look-alike policy a variant is about, or None.

    "那要是早就是规上了，去年产值涨了不少呢" after a first-升规 award: the policy discussed is not among the
    collection's best hits at all, the best :data:`LOOKALIKE_HITS` are all one other policy in force, and
    that policy shares more words with the question than the one discussed. Or the best hit is a policy
    in force that the one discussed names by its title ("本细则与《鹤山市智能工厂建设奖励办法》相衔接"
    when "那要是整个厂评上智能工厂呢" follows a 数字化车间 answer: the words the question shares with the
    policy discussed are that title's). The case is that policy's, even where the collection as a
    whole would abstain on the fragment.
    """
    result = search_or_refusal(index, question, zone=state.zone)
    hits = [] if isinstance(result, Answer) else result.get("hits") or []
    if not hits or hits[0].get("policy_id") == state.policy_id or hits[0].get("expired"):
        return None
    other = hits[0].get("policy_id")
    covering = {**result, "hits": [hit for hit in hits if hit.get("policy_id") == other], "answerable": True}
    named = normalize_passage(str(hits[0].get("title") or "")) in index.policy_text(str(state.policy_id))
    if named and not _pays_for_it_itself(index, question, str(state.policy_id)):
        return covering
    top = hits[:LOOKALIKE_HITS]
    if len(top) < LOOKALIKE_HITS or any(hit.get("policy_id") != other for hit in top):
        return None
    within = index.search(question, k=1, policy_id=state.policy_id, mode="lexical").get("hits") or []
    own_lexical = within[0].get("lexical_score") or 0.0 if within else 0.0
    if max(hit.get("lexical_score") or 0.0 for hit in top) <= own_lexical:
        return None
    return covering


#: Clauses of the policy discussed looked through for one that pays for the variant's case.
_OWN_CLAUSES = 30
#: A sum or rate paid ("2000元", "50万元", "10%").
_SUM = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|元|%)")


def _pays_for_it_itself(index: Any, question: str, policy_id: str) -> bool:
    """Whether one sentence of the policy names every subject term of the question, outside the titles
    it quotes, with a sum or rate: "那招应届生呢" of a 吸纳就业 policy "每招用1名…高校毕业生…给予2000元"
    is its own case, though it names the 见习 policy by title; "那要是整个厂评上智能工厂呢" of a 数字化车间
    policy that only forbids claiming both ("不得同时申报数字化车间补助和智能工厂奖励") is not."""
    terms = _subject_terms_of(question)
    if not terms:
        return False
    own = index.search(question, k=_OWN_CLAUSES, policy_id=policy_id).get("hits") or []
    said = [
        without_quoted_titles(normalize_passage(sentence))
        for hit in own
        for sentence in sentences(str(hit.get("text") or ""))
    ]
    paying = [sentence for sentence in said if _SUM.search(sentence)]
    # whole words of the sentence, or their head: 智能 of "智能工厂" is not said by "智能化设备投资额的10%";
    # 设备 of "那设备补助呢" is by "新增生产性设备投资500万元以上的，按设备投资额的6%给予补助"
    return any(all(_said_as_word(term, subject_terms(sentence)) for term in terms) for sentence in paying)


def _said_as_word(term: str, words: dict[str, float]) -> bool:
    """Whether ``term`` is one of ``words`` or a word of its own at the start of one (设备 of 设备投资; not
    智能 of 智能化, where only a suffix follows)."""
    return any(word == term or (word.startswith(term) and len(word) - len(term) >= 2) for word in words)


def aspect_after_statements(question: str, result: dict[str, Any], current: str) -> bool:
    """Whether a question the collection cannot answer is an aspect of the policy discussed, said after
    statements: "我们公司在蓝村，做机械的，钱一般啥时候能到", "今年想去日本参展，要准备啥材料".

    It is when what it asks has no subject of its own ("钱一般啥时候能到") and what it states only
    tells who the firm is (:func:`facts.only_tells_about_the_firm`), or is near the policy discussed
    (that policy is among the hits an answer would cite, :func:`answer.select_hits`). Statements on a
    subject of their own ("员工出车祸了，要准备啥材料") are neither: they get no clause of the policy
    discussed; nor does a message that says it moves on ("另外问下，…").
    """
    parts = clauses(question)
    asked = asking_part(question)
    if not asked or len(own_content(asked, ASPECT_WORDS)) >= MIN_SUBJECT:
        return False
    stated = [part for part in parts if not asks_something(part)]
    if all(only_tells_about_the_firm(part) for part in stated):
        return True
    return any(hit.get("policy_id") == current for hit in select_hits(result.get("hits") or []))

"""Answer one firm message in the light of the conversation so far: retrieval decides, not the intent.

* A message is cut into the questions it asks (:func:`followup.split_questions`); each is answered, and
  the answers share one "依据" line.
* A question with no subject of its own ("要交啥材料", "钱一般啥时候能到") or one that points back
  ("还能享受不", "那高级技师呢") is answered from the policy being discussed, searched within that
  policy, preferring its clauses labelled with the aspect asked for (``hit["aspects"]``).
* A question that names its own subject is searched in the whole collection; it stays on the current
  policy when that policy is about as close to it as the best hit, and switches topic otherwise.
* Facts the firm gives (zone, industry, size, events) are kept; a zone given later, alone or with a
  question of no subject of its own ("我们在开发区，能享受不？"), says whether a zone-limited policy under
  discussion applies, from its clause on scope.
* A follow-up naming a programme the policy discussed never mentions ("研发费用加计扣除能扣多少") is a new
  question; one asking what the benefit covers or who bears it ("机票住宿能报吗", "利息谁出") stays on it;
  a variant about a case it leaves out in so many words moves to the policy that covers that case.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Any

from bot.actions.answer import (
    FOCUS,
    FOCUS_OF_ASPECT,
    NO_MATCH_TEXT,
    Answer,
    bigrams,
    citation_of,
    cited_answer,
    compose_answer,
    select_hits,
    sentences,
    sources_line,
)
from bot.actions.facts import (
    asks_something,
    clauses,
    describe,
    firm_facts,
    merge_facts,
    only_tells_about_the_firm,
    only_the_situation,
    question_part,
)
from bot.actions.followup import (
    asks_if_covered,
    asks_if_eligible,
    is_variant,
    less_eligibility_words,
    opens_new_subject,
    own_content,
    refers_back,
    split_questions,
)
from bot.actions.old_policy import asks_about_the_old, with_the_old_policy
from bot.actions.retrieval import TOP_K, search_or_refusal, with_current_policy
from bot.actions.state import State
from bot.actions.topics import find_topic, topic_terms
from policy_index.aspects import QUESTION_PATTERNS, asked_aspects
from policy_index.normalize import normalize_query
from policy_index.signals import subject_terms

#: Every aspect question word ("材料", "几月", "找哪个科室" …), dropped when looking for a subject.
ASPECT_WORDS = re.compile("|".join(f"(?:{p.pattern})" for p in QUESTION_PATTERNS.values()))
#: A question whose own subject (:func:`followup.own_content`) is shorter than this is a fragment.
MIN_SUBJECT = 2
#: A statement naming a zone is only the zone ("我们在蓝村街道") unless this much else is said
#: ("蓝谷新落户海洋科技企业奖励"): then it is searched as a situation.
SITUATION_WITH_ZONE = 6
#: A question whose subject is at most this long ("审完", "有问题打") and names no policy topic is
#: an aspect of the policy discussed when retrieval finds nothing answerable in the whole collection.
SMALL_SUBJECT = 4
#: Clauses of the current policy searched for a follow-up (before the aspect asked reorders them).
WITHIN_K = 30
#: Aspects that are the same for every firm: what the firm's facts cannot change.
PROCEDURAL = frozenset({"materials", "procedure", "deadline", "contact", "validity"})
#: Intents of a message NLU took for off-topic or small talk.
OFF_TOPIC = frozenset({"out_of_scope", "chitchat"})
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
#: A follow-up in the firm's own words stays on the current policy when that policy's best clause shares
#: words with it (BM25 > 0) and its cosine is within this of the best hit's. Measured on the follow-ups
#: of the development and round-3 prose conversations: those about the policy just cited were within
#: 0.037 of a look-alike notice; those that moved on either shared no word with the policy discussed
#: or were 0.045 and more apart (README, "Conversations").
DENSE_MARGIN = 0.04
#: … or its BM25 score is at least this share of the best hit's (both, when the collection finds the
#: question unanswerable).
LEXICAL_SHARE = 0.9


def _asks(part: str) -> bool:
    """Whether a piece of a message is a question of its own (asks, and about something, or asks
    whether the firm may have it: "也能报吗", "能申请不", "行不行"; or asks the last question again
    for a case named by one character: "那规下的呢")."""
    subject = own_content(part, ASPECT_WORDS)
    return asks_something(part) and bool(
        len(subject) >= MIN_SUBJECT
        or asked_aspects(part)
        or asks_if_eligible(part)
        or (subject and _OPENS_VARIANT.match(part.strip()))
        or eligibility_with_facts(part)
    )


#: How a variant of the last question opens ("那规下的呢", "要是个体户呢").
_OPENS_VARIANT = re.compile(r"那|要是|如果|假如|换成")


def eligibility_with_facts(question: str) -> str | None:
    """What the firm says of itself when it says it and asks, with no subject of its own, whether it
    may have the benefit: "我们是规下企业，也能报吗" → "规下企业", "公司刚成立半年，能申请不" →
    "刚成立半年", "我们是规下企业呢" → "规下企业"; None for any other question ("高企认定能申请不" names
    its own subject).

    Such a question is about the policy discussed: who may apply (its ``conditions``), for a firm
    like this one. Only what the firm says of itself counts ("我们…", "公司…"): "上个月刚出的新政策，
    能申请不" tells nothing about the firm.
    """
    parts = clauses(question)
    if len(parts) == 1 and _WHAT_ABOUT_US.search(question) and _WHO_SPEAKS.match(question).group(0):
        told = _WHO_SPEAKS.sub("", _WHAT_ABOUT_US.sub("", question.strip()))  # "我们是规下企业呢"
        return told if len(re.findall(r"[\u4e00-\u9fff]", told)) >= MIN_SUBJECT else None
    asked = "".join(part for part in parts if asks_something(part))
    stated = [part for part in parts if not asks_something(part) and _WHO_SPEAKS.match(part).group(0)]
    if not stated or not asked or not asks_if_eligible(asked):
        return None
    if len(own_content(less_eligibility_words(asked), ASPECT_WORDS)) >= MIN_SUBJECT:
        return None
    told = "、".join(filter(None, (_WHO_SPEAKS.sub("", _CLAUSE_END.sub("", part)) for part in stated)))
    return told or None


#: How a firm starts saying what it is ("我们是", "我们公司是", "咱厂"), dropped when naming the fact.
_WHO_SPEAKS = re.compile(
    r"^(?:我们|我司|我|咱们|咱|本公司)?(?:公司|企业|厂子|厂里|厂|单位)?(?:是|属于|算)?(?:一家)?"
)
_CLAUSE_END = re.compile(r"[，,。；;！!？?\s]+$")
#: How a firm asks the last question again for itself ("我们是规下企业呢", "我们是个体户的话呢").
_WHAT_ABOUT_US = re.compile(r"(?:的话)?呢[，,。；;！!？?\s]*$")


def respond(
    index: Any, text: str, state: State, *, intent: str | None, resolve_zone
) -> tuple[Answer | None, State]:
    """Answer ``text`` given ``state``; return the answer and the new state.

    The answer is None when the message only states facts and there is nothing to answer.

    Args:
        index: The loaded ``PolicyIndex``.
        text: The firm's message.
        state: The conversation so far.
        intent: The NLU intent (only a hint for what to lead with).
        resolve_zone: ``ZoneDirectory.resolve``.
    """
    facts = firm_facts(text, resolve_zone)
    new_zone = facts.get("zone") if facts.get("zone") != state.zone else None
    state = replace(state, facts=merge_facts(state.facts, facts), zone=facts.get("zone") or state.zone)
    parts = _variant_with_its_case(split_questions(text, _asks))
    if not any(_asks(part) for part in parts):
        return _facts_only(index, text, state, new_zone, intent, stated=bool(facts))
    answers = []
    for part in parts:
        answer, state = answer_question(
            index, part, state, intent=intent, new_zone=new_zone, zone_said=bool(facts.get("zone"))
        )
        answers.append(answer)
    return merge_answers(answers), state


def _variant_with_its_case(parts: list[str]) -> list[str]:
    """Parts of a message with the facts said after a variant joined to it: "那要是我们食品公司上的深加工
    生产线呢，设备投了六百万？" is one question (the second part asks only by its question mark)."""
    joined: list[str] = []
    for part in parts:
        only_by_its_mark = not asks_something(part.rstrip("？?。！! ")) and not asked_aspects(part)
        if joined and is_variant(joined[-1]) and only_by_its_mark:
            joined[-1] += part
        else:
            joined.append(part)
    return joined


def answer_question(
    index: Any,
    text: str,
    state: State,
    *,
    intent: str | None,
    new_zone: str | None = None,
    zone_said: bool = False,
) -> tuple[Answer, State]:
    """Answer one question: on the current policy when it is a follow-up, else from the whole collection.

    A firm that says where it is and asks, with no subject of its own, whether it can have it
    ("我们厂子选址在南村镇，能享受不？", ``zone_said``) is told whether the policy discussed applies in
    its zone, from that policy's clause on its scope — not searched in the whole collection, where
    the zone filter would drop a policy limited to other zones and another zone's policy would win.

    The firm's size said on the way ("八十来号人，去年营收三千万") is a fact kept in the state, not part
    of the question: the question is read and searched without it (:func:`facts.question_part`), and
    searched as said only when that finds nothing answerable. A variant keeps them ("那做软件的公司呢？
    营收也过两千万了": they are the case asked about), and an answer on the policy discussed names them.
    """
    question = text if is_variant(text) else question_part(text)  # "那…呢？营收也过两千万了": the case asked
    state = to_the_rule_in_force(index, question, state)
    aspects = tuple(asked_aspects(question))
    subject = own_content(question, ASPECT_WORDS)
    current = state.policy_id
    told = eligibility_with_facts(question)  # "我们是规下企业，也能报吗": who may apply, for such a firm
    if told and not aspects:
        aspects = ("conditions",)
    fragment = (
        len(subject) < MIN_SUBJECT
        or bool(told)
        or (
            intent not in OFF_TOPIC
            and not opens_new_subject(question)
            and asks_measure_without_topic(question)
        )
    )
    if current and zone_said and asks_if_it_applies_there(question):
        zone = new_zone or state.zone
        return _on_current(index, question, state, aspects, intent, zone, said=text, about_zone=True)
    # who the firm is ("我们是个体户，行不行") is its case, not a programme the policy lacks
    lacks = current and not told and names_what_the_policy_lacks(index, question, current)
    if lacks:  # "那出口信用保险的保费有没有补贴": a programme the policy discussed never mentions
        current = None
    variant = is_variant(question) and _within_names(index, question, current) if current else False
    if variant and said_by_the_policy(index, question, current) < VARIANT_COVERED:
        variant = False  # another case the policy discussed never speaks of: the whole collection decides
    if variant and (other := _lookalike_covering(index, question, state)) is not None:
        answer = compose_answer(
            question, other, intent=intent, zone=state.zone, lookup=index.policy, focus=_focus(state.aspects)
        )
        return answer, _after(state, answer, question, aspects, find_topic(question) or state.topic)
    if current and (fragment or variant):
        moved = None if fragment else _excluded_case(index, question, state, aspects, intent)
        if moved is not None:
            return moved
        return _on_current(index, question, state, aspects, intent, new_zone, said=text, told=told)
    result = search_or_refusal(index, question, zone=state.zone)
    if isinstance(result, Answer):
        return result, state
    if question != text and not result.get("answerable"):
        as_said = search_or_refusal(index, text, zone=state.zone)
        if not isinstance(as_said, Answer) and as_said.get("answerable"):
            question, result = text, as_said
    if lacks and (result.get("hits") or [{}])[0].get("policy_id") == state.policy_id:
        # the collection's best clause is still the policy discussed, which never names it: no answer
        result = {**result, "answerable": False}
    if current and not result.get("answerable") and _asks_what_it_covers(question):
        # "去的人机票住宿能报吗", "利息谁出": the policy's own clause answers (差旅费不予补贴, 财政贴息)
        return _on_current(index, question, state, aspects, intent, new_zone, said=text, covers=True)
    if (
        current
        and aspects
        and not result.get("answerable")
        and not opens_new_subject(question)
        and intent not in OFF_TOPIC
        and not _asks_benefit_for_the_unknown(result, aspects)
        and _aspect_after_statements(question, result, current)
    ):
        return _on_current(index, question, state, aspects, intent, new_zone, said=text)
    small = (
        len(subject) <= SMALL_SUBJECT
        and not find_topic(question)
        and not _asks_benefit_for_the_unknown(result, aspects)
    )
    if current and _stays(index, question, result, current, small=small, off_topic=intent in OFF_TOPIC):
        return _on_current(index, question, state, aspects, intent, new_zone, said=text)
    if current and aspects and small and not result.get("answerable"):
        # "多久审完", "有问题打什么电话": an aspect of the policy discussed, with a word of its own.
        return _on_current(index, question, state, aspects, intent, new_zone, said=text)
    result = with_the_old_policy(index, question, result, state.zone)
    result = with_current_policy(index, question, result, state.zone)
    answer = compose_answer(
        question, result, intent=intent, zone=state.zone, lookup=index.policy, focus=_focus(aspects)
    )
    if not answer.answered:
        return answer, replace(state, last_question=question)
    topic = find_topic(question) or state.topic
    return answer, _after(state, answer, question, aspects, topic)


def to_the_rule_in_force(index: Any, question: str, state: State) -> State:
    """The state with the policy discussed replaced by the policy in force that replaced it, unless the
    question points back at the expired one.

    After "肥政办〔2023〕18号那个办法还能申报吗" (answered from the expired policy), "那现在新的是哪个文件，
    补多少" or "要交啥材料" ask about what a firm can apply for now; "老办法当时几月份报" does not.
    """
    policy = index.policy(state.policy_id) if state.policy_id else None
    if not policy or not policy.get("expired") or asks_about_the_old(question, policy):
        return state
    current = index.policy(policy.get("replaced_by")) if policy.get("replaced_by") else None
    if not current or current.get("expired"):
        return state
    return replace(state, policy_id=policy["replaced_by"], policy_title=current.get("title"))


#: Asking which benefits there are ("有啥补贴", "有哪些政策"): a new question, even after a zone.
_WHICH_BENEFITS = re.compile(
    r"(?:什么|啥|哪些|哪个|哪几)(?:样的)?(?:奖励|补贴|补助|政策|优惠|扶持|支持|资金)"
)


def asks_if_it_applies_there(question: str) -> bool:
    """Whether a question states only where (and who) the firm is, then asks about the policy discussed
    with no subject of its own: "我们在平度经济开发区，能享受不？", "厂子选址在南村镇，这个能报吗",
    "公司在李园街道青岛路8号，钱啥时候到". "我们在南村镇，有啥补贴" asks which benefits there are: not one.
    """
    parts = clauses(question)
    stated = [part for part in parts if not asks_something(part)]
    asked = "".join(part for part in parts if asks_something(part))
    if not stated or not asked or _WHICH_BENEFITS.search(asked):
        return False
    return len(own_content(asked, ASPECT_WORDS)) < MIN_SUBJECT and all(
        only_tells_about_the_firm(part) for part in stated
    )


#: Asking how much, how long or when ("能补几年", "多少天能批下来", "最多贴多少").
_HOW_MUCH_OR_WHEN = re.compile(r"多少|几|多久|多长|多大|多高|什么时候|啥时候|哪天|最多|最高|最少|至少")


def asks_measure_without_topic(question: str) -> bool:
    """Whether a question asks only how much, how long or when, naming no topic word of its own.

    "能补几年", "一年最多贴多少", "多少天能批下来", "材料几月份之前交": a benefit verb (补, 贴) and time
    or quantity words, characters :func:`followup.own_content` keeps, but no noun, domain term or word
    the dictionary does not know (:func:`policy_index.signals.subject_terms`). Said after an answer,
    such a question is about the policy discussed; searched in the whole collection it finds a
    look-alike clause or nothing. A yes/no question without a topic ("明天会下雨吗") is not one.
    """
    measured = bool(asked_aspects(question) or _HOW_MUCH_OR_WHEN.search(question))
    return measured and not subject_terms(normalize_query(question))


def _stays(
    index: Any, text: str, result: dict[str, Any], current: str, *, small: bool, off_topic: bool = False
) -> bool:
    """Whether a question with a subject of its own is still about the current policy.

    It is when the question has a small subject and points back at it ("这个还能享受不"), or the
    current policy is the collection's best hit (sharing words with it, when the collection finds
    nothing answerable). Otherwise, unless it opens another subject ("另外问下…"),
    it stays when the current policy's best clause shares words with it and is about as close as the
    best hit of the whole collection (a look-alike notice): within :data:`DENSE_MARGIN` in cosine or
    at least :data:`LEXICAL_SHARE` of its BM25 score. When the collection finds nothing answerable,
    both must hold: a new question of its own ("社保断缴了还能补缴吗") gets no clause of the policy
    discussed, and a lawyer is offered. Nor does a message NLU took for off-topic or small talk
    (``off_topic``) that the collection cannot answer: the two agree ("明天即墨会不会下雨").
    """
    hits = result.get("hits") or []
    if not hits:
        return False
    best = hits[0]
    if opens_new_subject(text):  # "另外有个员工闹劳动仲裁，这个咋办": said to be another subject
        return False
    if small and refers_back(text):
        return True
    if off_topic and not result.get("answerable"):
        return False
    if best.get("policy_id") == current:
        if result.get("answerable"):
            return True
        if is_variant(text) and said_by_the_policy(index, text, current) < VARIANT_COVERED:
            return False  # "那职工学历提升读个函授本科呢": a case it never speaks of, though it says 职工
        return bool(best.get("lexical_score"))
    within = index.search(text, k=1, policy_id=current).get("hits") or []
    if not within or not within[0].get("lexical_score"):
        return False
    own = within[0]
    own_lexical, best_lexical = own["lexical_score"], best.get("lexical_score") or 0.0
    dense_close = (own.get("dense_score") or 0) >= (best.get("dense_score") or 0) - DENSE_MARGIN
    lexical_close = own_lexical >= LEXICAL_SHARE * best_lexical
    return dense_close and lexical_close if not result.get("answerable") else dense_close or lexical_close


#: A question asking what the policy discussed covers has a subject this long at most ("人机票住宿").
COVERED_SUBJECT = 6


def _asks_what_it_covers(question: str) -> bool:
    """Whether a short question asks whether the benefit discussed covers something, or who bears it
    (:func:`followup.asks_if_covered`): "去的人机票住宿能报吗", "展品运费能报不", "利息谁出".

    Asked after an answer, with a short subject and no new programme, it is about that policy even when
    its words are not the policy's (机票住宿 for 差旅费) and the whole collection finds nothing
    answerable (NLU often takes it for off-topic). One that says it moves on ("另外…") is not.
    """
    return (
        asks_if_covered(question)
        and not opens_new_subject(question)
        and len(own_content(question, ASPECT_WORDS)) <= COVERED_SUBJECT
    )


#: A sentence that leaves a case out of a policy ("工业企业的食品深加工生产线不在本方案补助范围内").
_EXCLUDES = re.compile(r"不在[^，,。；;]{0,12}范围|不予|不属于|不包括|不适用|除外")
#: The phrase that leaves a case out names it ("…深加工生产线不在本方案补助范围内"); "取得证书后…申请，
#: 逾期不予受理" leaves out late applications, not certificates.
_PHRASE = re.compile(r"[，,：:]")


def _excluded_case(
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
    terms = [term for term in subject_terms(normalize_query(question)) if len(term) >= 2]
    within = index.search(question, k=3, zone=state.zone, policy_id=state.policy_id).get("hits") or []
    found = next(
        (
            (hit, sentence)
            for hit in within
            for sentence in sentences(str(hit.get("text") or ""))
            if any(
                _EXCLUDES.search(part) and any(t in part for t in terms) for part in _PHRASE.split(sentence)
            )
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
    if close and _only_a_tier(terms) and not _names_the_subject(hits[0], state.last_question):
        close = False  # "那市级的呢" after 省级绿色工厂: 市级 高企 is not what was asked
    if close and hits[0].get("lexical_score") and not hits[0].get("expired"):
        answer = compose_answer(
            question,
            {**other, "hits": hits, "answerable": True},
            intent=intent,
            zone=state.zone,
            lookup=index.policy,
            focus=_focus(aspects or state.aspects),
        )
        citations = [*answer.citations, own]
        body = f"{answer.body}\n{line}"
    else:
        answer, citations, body = None, [own], line
    main = answer or Answer("", {}, True, hit.get("policy_id"), hit.get("title"))
    reply = cited_answer(body, citations, main.policy_id, main.policy_title)
    return reply, _after(state, reply, question, aspects, find_topic(question) or state.topic)


#: A variant moves to a look-alike policy when this many of the collection's best hits are all that policy.
LOOKALIKE_HITS = 3


def _lookalike_covering(index: Any, question: str, state: State) -> dict[str, Any] | None:
    """The search result of the look-alike policy a variant is about, or None.

    "那要是早就是规上了，去年产值涨了不少呢" after a first-升规 award: the policy discussed is not among the
    collection's best hits at all, the best :data:`LOOKALIKE_HITS` are all one other policy in force, and
    that policy shares more words with the question than the one discussed. The case is that policy's,
    even where the collection as a whole would abstain on the fragment.
    """
    result = search_or_refusal(index, question, zone=state.zone)
    hits = [] if isinstance(result, Answer) else result.get("hits") or []
    top = hits[:LOOKALIKE_HITS]
    if len(top) < LOOKALIKE_HITS or any(hit.get("policy_id") == state.policy_id for hit in top):
        return None
    other = top[0].get("policy_id")
    if any(hit.get("policy_id") != other for hit in top) or top[0].get("expired"):
        return None
    within = index.search(question, k=1, policy_id=state.policy_id, mode="lexical").get("hits") or []
    own_lexical = within[0].get("lexical_score") or 0.0 if within else 0.0
    if max(hit.get("lexical_score") or 0.0 for hit in top) <= own_lexical:
        return None
    return {**result, "hits": [hit for hit in hits if hit.get("policy_id") == other], "answerable": True}


#: Levels a benefit is given at ("那市级的呢", "国家级的呢").
_TIER = re.compile(r"^(?:国家|省|市|县|区|镇|街道|园区)级?$")


def _only_a_tier(terms: list[str]) -> bool:
    """Whether a variant names only another level of the same thing ("那市级的呢": ``["市级"]``)."""
    return bool(terms) and all(_TIER.match(term) for term in terms)


def _names_the_subject(hit: dict[str, Any], last_question: str | None) -> bool:
    """Whether a clause names what the last question was about (its subject terms: 绿色工厂 of
    "评上省级绿色工厂奖多少"); True when that question named no subject of its own."""
    wanted = [term for term in subject_terms(normalize_query(last_question or "")) if not _TIER.match(term)]
    said = f"{hit.get('title') or ''}{hit.get('text') or ''}"
    return not wanted or any(term in said for term in wanted)


def _aspect_after_statements(question: str, result: dict[str, Any], current: str) -> bool:
    """Whether a question the collection cannot answer is an aspect of the policy discussed, said after
    statements: "我们公司在蓝村，做机械的，钱一般啥时候能到", "今年想去日本参展，要准备啥材料".

    It is when what it asks has no subject of its own ("钱一般啥时候能到") and what it states only
    tells who the firm is (:func:`facts.only_tells_about_the_firm`), or is near the policy discussed
    (that policy is among the hits an answer would cite, :func:`answer.select_hits`). Statements on a
    subject of their own ("员工出车祸了，要准备啥材料") are neither: they get no clause of the policy
    discussed; nor does a message that says it moves on ("另外问下，…").
    """
    parts = clauses(question)
    asked = "".join(part for part in parts if asks_something(part))
    if not asked or len(own_content(asked, ASPECT_WORDS)) >= MIN_SUBJECT:
        return False
    stated = [part for part in parts if not asks_something(part)]
    if all(only_tells_about_the_firm(part) for part in stated):
        return True
    return any(hit.get("policy_id") == current for hit in select_hits(result.get("hits") or []))


def _asks_benefit_for_the_unknown(result: dict[str, Any], aspects: tuple[str, ...]) -> bool:
    """Whether the question asks what benefit there is for something the collection never mentions.

    "火星上开公司有什么补贴", "在海外设厂有没有补贴": however short, that subject is its own, and no
    clause of the policy being discussed answers it. A procedural follow-up in the firm's own words
    ("拖久了还能报不", "要带哪些证照去办") also uses words the collection never has, but asks
    for an aspect of the policy discussed, so only questions asking for the benefit itself count.
    """
    features = result.get("features") or {}
    unknown = bool(features.get("unseen") or features.get("foreign_place"))
    return unknown and set(aspects) <= {"amount"}


def names_what_the_policy_lacks(index: Any, question: str, policy_id: str) -> str | None:
    """A programme the question names that the policy discussed never mentions, or None.

    A programme is a noun of the shared domain dictionary (:func:`topics.topic_terms`: 出口信用保险,
    研发费用加计扣除, 社会保险 …; not a department, nor a short noun such as 厂房) among the question's
    subject terms (:func:`policy_index.signals.subject_terms`, synonyms mapped);
    "mentions" is read in the policy's title and clauses as indexed. "那出口信用保险的保费有没有补贴"
    after an exhibition subsidy, "研发费用加计扣除能扣多少" after a R&D-pool award: a new subject,
    not an aspect of the policy discussed. Words the dictionary does not hold ("机票住宿", "利息")
    never count: they may be an aspect the policy words otherwise (差旅费, 贴息).
    """
    programmes = _programmes()
    terms = [term for term in subject_terms(normalize_query(question)) if term in programmes]
    if not terms:
        return None
    said = index.policy_text(policy_id)
    return next((term for term in terms if term not in said), None)


#: A variant is asked of the policy discussed when that policy says at least this share (by weight) of
#: the variant's subject terms; "那职工学历提升读个函授本科有补贴吗" after a skills-certificate subsidy
#: (职工 said, 学历 and 函授 not: 0.28) is a new question.
VARIANT_COVERED = 0.5


def said_by_the_policy(index: Any, question: str, policy_id: str) -> float:
    """The weighted share of the question's subject terms the policy says (1.0 when it has none).

    What the question says about the firm itself — its trade, size, place ("那做软件的公司呢？营收也过
    两千万了", :func:`facts.only_the_situation`) — is the firm's case, not a subject the policy must name.
    """
    terms = subject_terms(normalize_query(only_the_situation(question)))
    total = sum(terms.values())
    if not total:
        return 1.0
    said = index.policy_text(policy_id)
    return sum(weight for term, weight in terms.items() if term in said) / total


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


def _within_names(index: Any, text: str, policy_id: str) -> bool:
    """Whether the policy's own clauses share words with the question (lexical match within it).

    The question is searched as said, less its aspect words: dropping filler characters would break
    words ("留用率过一半" → "留率一半").
    """
    said = ASPECT_WORDS.sub(" ", text).strip()
    if not said:
        return False
    return bool(index.search(said, k=1, policy_id=policy_id, mode="lexical").get("hits"))


def _on_current(
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
) -> tuple[Answer, State]:
    """Answer from the policy being discussed: its clause on the aspect asked, searched within it.

    Asked whether it applies in the firm's zone (``about_zone``), a zone-limited policy answers from
    its clause on its scope (:func:`scope_first`). Asked what it covers or who bears it (``covers``),
    it answers from its clause saying what is included, excluded or borne by whom (focus ``coverage``).

    The firm's facts (industry, size, qualifications, events) join the search, so that "那做软件的
    公司呢？营收也过两千万了" finds the clause on such firms — unless only the policy's own procedure
    is asked (materials, steps, deadline, department, validity: the same for every firm, "八十来号人，
    还来得及吗"). Facts said in this message (``said``: the message as said, when ``text`` is its
    question part; ``told``: what the firm said of itself when asking whether it may apply, "规下企业")
    are named at the head of the answer, so the firm sees what it rests on.
    """
    known = "" if aspects and set(aspects) <= PROCEDURAL else describe(state.facts)
    query = " ".join(part for part in (state.policy_title, known, text) if part)
    result = search_or_refusal(index, query, policy_id=state.policy_id, k=WITHIN_K)
    if isinstance(result, Answer):
        return result, state
    wanted = aspects or state.aspects
    hits = prefer_aspects(result.get("hits") or [], wanted)
    if covers:
        hits = coverage_first(text, hits)
    elif told:
        hits = applicants_first(told, hits)
    hits = (scope_first(hits) if about_zone else hits)[:TOP_K]
    result = {**result, "hits": hits, "answerable": bool(hits)}
    focus = ["coverage"] if covers else _focus(wanted)
    answer = compose_answer(text, result, intent=intent, zone=state.zone, lookup=index.policy, focus=focus)
    if answer.answered and aspects and not any(a in (hits[0].get("aspects") or []) for a in aspects):
        answer = not_stated(answer, hits[0], aspects[0])
    told = describe(firm_facts(said or text, lambda _said: None)) or told
    if answer.answered and told:
        answer = _with_body(answer, f"按贵公司的情况（{told}）：\n{answer.body}")
    if answer.answered:
        answer = zone_applicability(answer, hits[0], state.zone, announce=bool(new_zone) or refers_back(text))
    return answer, _after(state, answer, state.last_question or text, wanted, state.topic)


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
        text = str(hit.get("text") or "")
        names = any(zone in text for zone in zones)
        return 0 if names and _SCOPE.search(text) else 1 if names else 2

    return sorted(hits, key=rank)


def prefer_aspects(hits: list[dict[str, Any]], aspects: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
    """Hits labelled with the first aspect asked come first (then the other asked aspects), else by score."""
    if not aspects:
        return hits

    def rank(hit: dict[str, Any]) -> int:
        labels = hit.get("aspects") or []
        return next((i for i, name in enumerate(aspects) if name in labels), len(aspects))

    return sorted(hits, key=rank)


def not_stated(answer: Answer, hit: dict[str, Any], aspect: str) -> Answer:
    """The policy discussed says nothing on the aspect asked: say so (and name its issuer for contact)."""
    line = f"《{hit['title']}》里没有写明{UNSTATED[aspect]}。"
    if aspect == "contact" and hit.get("issuer"):
        line += f"这项政策由{hit['issuer']}发布，可以向其咨询。"
    citations = answer.citations[:1]
    return replace(
        _with_body(replace(answer, citations=citations), line),
        payload={**answer.payload, "citations": citations},
    )


def zone_applicability(answer: Answer, hit: dict[str, Any], zone: str | None, *, announce: bool) -> Answer:
    """Say whether a zone-limited policy applies to the firm's zone (replacing the answer if it does not)."""
    zones = hit.get("zones")
    if not zone or not isinstance(zones, list):
        return answer
    if zone in zones:
        if not announce:
            return answer
        line = f"贵公司所在的{zone}在《{hit['title']}》的适用范围内。"
        return _with_body(answer, f"{line}\n{answer.body}")
    line = (
        f"《{hit['title']}》仅适用于{'、'.join(zones)}；贵公司在{zone}，不在适用范围内，这项政策享受不了。"
        "如需了解适用于贵公司的其他政策，可以直接问我。"
    )
    citations = answer.citations[:1]
    return replace(
        answer,
        text=f"{line}\n{sources_line(citations)}",
        body=line,
        citations=citations,
        payload={**answer.payload, "citations": citations},
    )


def _with_body(answer: Answer, body: str) -> Answer:
    return replace(answer, body=body, text=f"{body}\n{sources_line(answer.citations)}")


def _facts_only(
    index: Any, text: str, state: State, new_zone: str | None, intent: str | None, *, stated: bool
) -> tuple[Answer | None, State]:
    """A message without a question word: a new zone re-answers the last question for it; a situation
    the collection answers is answered; stated facts the collection does not answer are just noted
    (None); a message that states no fact is a question typed as keywords ("深圳南山区的高企奖励标准")
    and gets the no-match answer with a lawyer offered."""
    if new_zone and state.last_question:
        if state.policy_id:  # the policy under discussion: does it apply there?
            return _on_current(index, state.last_question, state, state.aspects, intent, new_zone)
        return answer_question(index, state.last_question, state, intent=intent, new_zone=new_zone)
    if len(own_content(text, ASPECT_WORDS)) < (SITUATION_WITH_ZONE if new_zone else MIN_SUBJECT):
        return None, state
    result = search_or_refusal(index, text, zone=state.zone)
    if isinstance(result, Answer):  # refused (huge, binary): say why
        return result, state
    if not result.get("answerable") and stated:
        return None, state
    return answer_question(index, text, replace(state, policy_id=None), intent=intent)


def _after(state: State, answer: Answer, question: str, aspects: tuple[str, ...], topic: str | None) -> State:
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


def _focus(aspects: tuple[str, ...] | list[str]) -> list[str] | None:
    focus = [name for aspect in aspects for name in FOCUS_OF_ASPECT.get(aspect, [])]
    return focus or None


def merge_answers(answers: list[Answer]) -> Answer:
    """One reply to a message that asked several things: each answer's lines, one shared "依据" line."""
    answered = [a for a in answers if a.answered]
    if len(answers) == 1 or not answered:
        return answers[0]
    citations: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for answer in answered:
        for citation in answer.citations:
            key = (citation.get("policy_id"), citation.get("clause"))
            if key not in seen:
                seen.add(key)
                citations.append(citation)
    lines = list(dict.fromkeys(line for a in answered for line in a.body.split("\n") if line))
    if len(answered) < len(answers):
        lines.append("另外，有一部分问题政策库里没有找到能直接回答的条款，需要的话可以转给律师团队。")
    body = "\n".join(lines)
    main = answered[-1]
    return cited_answer(body, citations, main.policy_id, main.policy_title)


__all__ = ["NO_MATCH_TEXT", "TOP_K", "State", "answer_question", "merge_answers", "prefer_aspects", "respond"]

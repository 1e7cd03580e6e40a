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
    LAWYER_QUESTION,
    NO_MATCH_TEXT,
    Answer,
    citation_of,
    cited_answer,
    compose_answer,
    expired_on,
)
from bot.actions.asked_benefit import asked_benefit_first
from bot.actions.benefits_had import exclusions_last
from bot.actions.combining import combining_answer, named_first_of_two
from bot.actions.facts import (
    clauses,
    firm_facts,
    is_request,
    less_who_the_firm_is,
    merge_facts,
    only_figures,
    only_the_situation,
    question_part,
    without_trade,
)
from bot.actions.followup import (
    as_written,
    by_the_way,
    is_variant,
    opens_new_subject,
    own_content,
    refers_back,
    spaces_as_commas,
    split_questions,
    variant_as_asked_before,
    without_names,
)
from bot.actions.funding_need import with_financing
from bot.actions.hired_graduates import hired_graduates_first, hiring_answers
from bot.actions.named_in_passing import named_only_in_passing, said_in_its_own_right
from bot.actions.old_policy import (
    about_the_rule_in_force,
    asks_which_is_in_force,
    no_newer_policy,
    only_the_old_says_it,
    with_the_old_policy,
)
from bot.actions.on_current import (
    answer_on_current,
    discussing,
    excluded_case,
    focus_of,
    prefer_aspects,
    scope_clause,
    state_after,
    with_body,
    zone_applicability,
)
from bot.actions.other_side import (
    abroad_as_the_policy_says,
    asks_the_other_side,
    says_the_side_asked,
    sends_the_other_side_elsewhere,
)
from bot.actions.overview import asks_for_an_overview, overview_answer
from bot.actions.question_shape import (
    ASPECT_WORDS,
    MIN_SUBJECT,
    applicant_kind_asked,
    asked_again_for_the_figure,
    asks_a_question,
    asks_about_another_place,
    asks_benefit_for_the_unknown,
    asks_if_it_applies_there,
    asks_measure_without_topic,
    asks_only_another_tier,
    asks_what_it_covers,
    asks_where_it_applies,
    eligibility_with_facts,
    only_a_figure_changes,
    opens_a_variant,
    variant_with_its_case,
    without_the_district,
    without_where,
)
from bot.actions.retrieval import TOP_K, search_or_refusal, with_current_policy
from bot.actions.ruled_out_cases import ruled_out_items_last
from bot.actions.running_costs import cost_it_never_names
from bot.actions.scope import scope_answer
from bot.actions.state import State
from bot.actions.stays_on_policy import (
    VARIANT_COVERED,
    aspect_after_statements,
    lookalike_covering,
    names_what_the_policy_lacks,
    said_by_the_policy,
    speaks_of_the_variant,
    states_its_own_case,
    stays_on_current,
    within_names,
)
from bot.actions.suggestion import (
    asks_what_applies,
    nearest_named,
    policy_for_the_case,
    suggestion,
    wants_to_apply,
)
from bot.actions.tax_rules import asks_a_tax_rate, states_the_rate
from bot.actions.topics import find_topic, topic_terms
from bot.actions.which_policy import which_policy
from policy_index.aspects import BENEFIT_WORDS, asked_aspects
from policy_index.normalize import normalize_query
from policy_index.old_documents import asks_about_the_old
from policy_index.relief import relief_it_never_grants
from policy_index.signals import subject_terms
from policy_index.trades import trade_categories

#: A statement naming a zone is only the zone ("我们在蓝村街道") unless this much else is said
#: ("蓝谷新落户海洋科技企业奖励"): then it is searched as a situation.
SITUATION_WITH_ZONE = 6


#: A question whose subject is at most this long ("审完", "有问题打") and names no policy topic is
#: an aspect of the policy discussed when retrieval finds nothing answerable in the whole collection.
SMALL_SUBJECT = 4


#: A question naming a document or a Latin-lettered programme has a subject the aspect words may hide
#: ("老物流办法啥时候到期的", "CMMI奖多少").
_NAMES_A_DOCUMENT = re.compile(r"[A-Za-z]{2,}|办法|政策|文件|细则|措施|通知|规定")


#: Intents of a message NLU took for off-topic or small talk.
OFF_TOPIC = frozenset({"out_of_scope", "chitchat"})


def respond(
    index: Any,
    text: str,
    state: State,
    *,
    intent: str | None,
    resolve_zone,
    place_names: tuple[str, ...] = (),
    district_names: tuple[str, ...] = (),
) -> tuple[Answer | None, State]:
    """Answer ``text`` given ``state``; return the answer and the new state.

    The answer is None when the message only states facts and there is nothing to answer.

    Args:
        index: The loaded ``PolicyIndex``.
        text: The firm's message.
        state: The conversation so far.
        intent: The NLU intent (only a hint for what to lead with).
        resolve_zone: ``ZoneDirectory.resolve``.
        place_names: The district's zones, their aliases and listed places (``ZoneDirectory``).
        district_names: The district's own names (``District.names``), searched for nothing.
    """
    text = as_written(text)  # "费用咋算" asks as "费用怎么算" does
    facts = firm_facts(text, resolve_zone)
    new_zone = facts.get("zone") if facts.get("zone") != state.zone else None
    state = replace(state, facts=merge_facts(state.facts, facts), zone=facts.get("zone") or state.zone)
    parts = variant_with_its_case(split_questions(text, asks_a_question))
    ours = tuple(sorted((name for name in place_names if name in text), key=len, reverse=True))
    district = tuple(name for name in district_names if name in text)
    sized = bool(facts.get("employees") or facts.get("revenue"))
    particle_only = sized and state.policy_id and _only_a_particle(text)
    if not any(asks_a_question(part) for part in parts) or particle_only:
        sized = sized or only_figures(text)
        answer, state = _facts_only(
            index, text, state, new_zone, intent, stated=bool(facts), sized=sized, names=(*ours, *district)
        )
        return answer, replace(state, situation=None) if answer and answer.answered else state
    ask = functools.partial(
        answer_question,
        index,
        intent=intent,
        new_zone=new_zone,
        zone_said=bool(facts.get("zone")),
        our_places=ours,
        our_district=district,
    )
    answers: list[Answer] = []
    for number, part in enumerate(parts):
        if (
            answers
            and not answers[-1].answered
            and names_little(part)
            and not names_little(parts[number - 1])
        ):
            # "那创业担保贷款呢，个人能贷多少": asks more of a subject nothing answered, not of the policy
            # discussed before
            continue
        answer, after = None, state
        if state.situation and not state.policy_id and names_little(part):
            # "想改造一下，有补助吗" after "我们是家庭农场，种了40来亩老茶园": asked about that case
            answer, after = ask(f"{state.situation}，{part}", state)
        if answer is None or not answer.answered:
            answer, after = ask(part, state)
        if not answer.answered and answer.policy_id and number < len(parts) - 1:
            # the policy a no-match reply names is for the next message, not the next part of this one
            after = replace(after, policy_id=state.policy_id, policy_title=state.policy_title)
        state = after
        if not answers and not answer.answered and _lean_on_the_first(parts):
            answer, state = _as_a_whole(index, text, answer, state, intent, ours, district)
        answers.append(answer)
    merged = merge_answers(answers)
    return merged, replace(state, situation=None) if merged.answered else state


def names_little(question: str) -> bool:
    """Whether a question names at most one short subject of its own and no policy topic ("想改造一下，有补
    助吗", "研发这块能奖多少", "他一个月能补多少"): said of the case the firm has just described. "出口信保补
    贴怎么申请" or "养老床位有补贴吗" name their own subject."""
    terms = subject_terms(normalize_query(question))
    return find_topic(question) is None and (not terms or (len(terms) == 1 and len(next(iter(terms))) <= 2))


def _a_trade_it_may_cover(index: Any, question: str, state: State) -> bool:
    """Whether a variant naming only the firm's trade is asked of the policy discussed: the policy names
    the trade's category ("那开饭店的呢" to a policy on 住宿、餐饮企业), or it is still the collection's
    closest policy to that trade ("那要是做古筝的呢" after a 乐器 policy's answer; "那做物流的呢" after a
    factory's relocation award is closer to a logistics policy, or to none)."""
    if not only_the_firms_trade(question):
        return False
    said = index.policy_text(state.policy_id)
    if any(category in said for category in trade_categories(question)):
        return True
    result = search_or_refusal(index, question, zone=state.zone)
    hits = [] if isinstance(result, Answer) else result.get("hits") or []
    return bool(hits) and hits[0].get("policy_id") == state.policy_id


def only_another_case(question: str) -> bool:
    """Whether a variant asks the last question again for another case ("那零售的呢", "那要是省级的呢"),
    not for what replaced a policy ("那现在新的呢", "现在换成什么了")."""
    return is_variant(question) and "新" not in question and not asks_which_is_in_force(question)


def only_the_firms_trade(question: str) -> bool:
    """Whether a variant changes only who the firm is ("那要是做古筝的呢", "那开饭店的呢"): the question asked
    before, for a firm of that trade — the policy discussed says whether it covers it, whether or not
    it names that trade."""
    said = subject_terms(normalize_query(question))
    return bool(said) and not subject_terms(normalize_query(only_the_situation(question)))


def _lean_on_the_first(parts: list[str]) -> bool:
    """Whether a message of several questions names its subject in the first only ("文旅那个奖励几月份报，
    找哪个单位"); "这个申请有时限吗？拖久了还能报不" names none at all."""
    subjects = [len(own_content(part, ASPECT_WORDS)) >= MIN_SUBJECT for part in parts]
    return len(parts) > 1 and subjects[0] and not any(subjects[1:])


def _abroad_as_the_best_says(index: Any, question: str, result: dict[str, Any]) -> str | None:
    """``question`` with the places abroad it names said as 境外, when the best-ranked policy pays for the
    side abroad in those words; None when that changes nothing."""
    best = (result.get("hits") or [{}])[0].get("policy_id")
    abroad = abroad_as_the_policy_says(question, index.policy_text(best)) if best else question
    return abroad if abroad != question else None


def _as_a_whole(
    index: Any,
    text: str,
    first: Answer,
    state: State,
    intent: str | None,
    ours: tuple[str, ...],
    district: tuple[str, ...],
) -> tuple[Answer, State]:
    """The first question of a message answered from the message as a whole when it finds nothing alone:
    in "文旅那个奖励几月份报，找哪个单位" the subject is said once, and the parts after it lean on it. The
    policy the whole message finds is then the one the later parts ("找哪个单位") are asked of."""
    whole, after = answer_question(index, text, state, intent=intent, our_places=ours, our_district=district)
    return (whole, after) if whole.answered else (first, state)


def answer_question(
    index: Any,
    text: str,
    state: State,
    *,
    intent: str | None,
    new_zone: str | None = None,
    zone_said: bool = False,
    our_places: tuple[str, ...] = (),
    our_district: tuple[str, ...] = (),
) -> tuple[Answer, State]:
    """Answer one question: on the current policy when it is a follow-up, else from the whole collection.

    The names of this district's places the message says (``our_places``: 龙山街道 of "我们公司在龙山街道")
    are left out of the whole-collection search when the question as said finds nothing answerable:
    the zone filters it, and a zone the collection never names reads as another region's place
    ("深圳南山区的高企奖励", no answer).

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
    expired, state = state.policy_id, to_the_rule_in_force(index, question, state)
    # "现在还能报吗" after an expired policy: no longer; and when the one in force is applied for
    if (
        expired != state.policy_id
        and _STILL_OPEN.search(question)
        and (closed := _no_longer_open(index, question, expired, state, intent)) is not None
    ):
        return closed
    if (none_newer := _no_newer_policy(index, question, state.policy_id, of_its_subject=True)) is not None:
        return none_newer, replace(state, last_question=question)
    if asks_a_tax_rate(question) and (told := _tax_rate_told(index, question, state, intent)):
        # "加计扣除现在按多少比例扣": from a clause stating the rate, else no clause
        if not told.answered:
            return told, replace(state, last_question=question)
        return told, state_after(state, told, question, tuple(asked_aspects(question)), find_topic(question))
    if state.policy_id and _ASKS_FOR_ANOTHER.search(question):  # "那盛泽这边还有别的民宿补贴吗"
        return _besides_the_current(index, question, state, intent)
    if asks_where_it_applies(question) and (where := _where_it_applies(index, question, state)) is not None:
        return where  # "民宿补助哪些镇能申请": its zones, not its amounts nor the firm's zone asked
    overview = asks_for_an_overview(question, our_places, discussing=bool(state.policy_id))
    if overview and not refers_back(question):
        # "有啥惠企政策", "我们在金贵镇，有啥扶持": no clause answers it, the catalogue does
        return overview_answer(index, state.zone), replace(state, last_question=question)
    if state.policy_id and asks_which_is_in_force(question):  # "现在换成什么了" after an expired policy
        return _in_force(index, question, state, intent)
    rest = about_the_rule_in_force(question) if state.policy_id else None
    if rest is not None and said_by_the_policy(index, rest, state.policy_id) >= VARIANT_COVERED:
        # "新办法增长要到多少才有奖", "那现在新的标准是多少": the policy in force (the one discussed, or
        # the one that replaced it), on what it says; "有没有新的政策支持直播电商" names another subject
        aspects = tuple(asked_aspects(rest)) or ("amount",)
        return answer_on_current(index, rest, state, aspects, intent, new_zone, said=text)
    aspects = tuple(asked_aspects(question))
    # "在卫零路那边，第一年能补多少": where the firm is, then a fragment on the policy discussed
    asked = less_who_the_firm_is(question) if zone_said else question
    subject = own_content(asked, ASPECT_WORDS)
    current = state.policy_id
    told = eligibility_with_facts(question)  # "我们是规下企业，也能报吗": who may apply, for such a firm
    if current and not told:  # "个体户能申请吗" of the policy discussed: the same, for that kind of applicant
        told = applicant_kind_asked(question)
    if told and not aspects:
        aspects = ("conditions",)
    fragment = (
        len(subject) < MIN_SUBJECT
        or bool(told)
        or (
            intent not in OFF_TOPIC
            and not opens_new_subject(asked)
            and asks_measure_without_topic(asked)
            # "对了，我们今年还去国外参展了两回，这个有补贴没有？": something of its own said by the way
            and not (by_the_way(asked) and len(subject) >= BY_THE_WAY_SUBJECT)
        )
    )
    if (together := combining_answer(index, question, state)) is not None:
        return together  # "首贷贴息能跟这个一起拿吗": the clause on combining them
    if current and only_a_figure_changes(question):
        # "那贷了一千二百万呢": the policy's rule for that figure, its figures written as the clauses do;
        # "那要是一下干到6个亿呢" asks the last question again for it ("年产值头一回过1个亿奖多少")
        figures = asked_again_for_the_figure(question, state.last_question)
        return answer_on_current(index, figures, state, aspects, intent, new_zone, said=text)
    if (
        current
        and zone_said
        and (asks_if_it_applies_there(question) or asks_about_another_place(question, our_places))
    ):
        zone = new_zone or state.zone
        return answer_on_current(index, question, state, aspects, intent, zone, said=text, about_zone=True)
    said = index.policy_text(current) if current else ""
    if current:  # "那要是去沙特参展呢" of a policy on 境外展会: asked as "那要是去境外参展呢"
        question = abroad_as_the_policy_says(question, said)
    # who the firm is ("我们是个体户，行不行") is its case, not a programme the policy lacks
    # "那国内展会的展位费呢" after a policy on 境外展会: the other side of its scope, which it never pays for
    # a running cost or a fee it never names ("冷藏车的油费", "打官司的律师费能补吗"): not the policy's either
    # nor a relief it never grants ("那企业给员工交的社保能减免吗" after a subsidy for skills certificates)
    cost = cost_it_never_names(question, said) if current else None
    relief = bool(current) and relief_it_never_grants(question, lambda: index.policy_source(current))
    lacks = (
        current
        and not told
        and (
            cost
            or names_what_the_policy_lacks(index, question, current)
            or asks_the_other_side(question, said)
            or relief
        )
    )
    # a case the policy discussed leaves out in so many words ("那要是我们食品公司上的深加工生产线呢";
    # "那要是招进来直接签合同交社保的呢" after "已签订劳动合同的，不得作为见习人员申领"): the policy for it.
    # A variant asks what was asked for another case: "那出口退税多久能退下来" asks something new.
    if (
        current
        and not fragment
        and not aspects
        and is_variant(question)
        and not cost  # "那专利被人侵权了，打官司的律师费能补吗": a cost, no case the policy leaves out
        and not relief  # "那专利年费能不能减免": a relief, no case of the policy's subsidies
        and (moved := excluded_case(index, question, state, aspects, intent)) is not None
    ):
        return moved
    if lacks:  # "那出口信用保险的保费有没有补贴": a programme the policy discussed never mentions
        current = None
    # "那员工培训补贴呢": a variant on a case the policy discussed never speaks of
    asks_another_case = (
        bool(current)
        and is_variant(question)
        and said_by_the_policy(index, question, current) < VARIANT_COVERED
    )
    variant = (
        bool(current)
        and is_variant(question)
        and not asks_another_case  # another case the policy never speaks of: the whole collection decides
        and (within_names(index, question, current) or _a_trade_it_may_cover(index, question, state))
    )
    # "那要是国家级的呢", "那要是评上3A呢": the tiers discussed
    tier_only = bool(current) and asks_only_another_tier(question)
    if (
        variant
        and not tier_only
        and not states_its_own_case(index, question, current)  # "那我们是专精特新企业呢": asked of it
        and (other := lookalike_covering(index, question, state)) is not None
    ):
        answer = compose_answer(
            question,
            other,
            intent=intent,
            zone=state.zone,
            lookup=index.policy,
            focus=focus_of(state.aspects),
        )
        return answer, state_after(state, answer, question, aspects, find_topic(question) or state.topic)
    # "那花椒保险呢" after a 花椒 subsidy: it says 花椒, never 保险 — the collection decides
    if current and (fragment or ((variant or tier_only) and speaks_of_the_variant(index, question, current))):
        return answer_on_current(index, question, state, aspects, intent, new_zone, said=text, told=told)
    result = search_or_refusal(index, question, zone=state.zone)
    if isinstance(result, Answer):
        return result, state
    if (
        not state.policy_id
        and not subject
        and not _NAMES_A_DOCUMENT.search(question)
        and aspects
        and not zone_said
        and intent not in OFF_TOPIC
        and policy_for_the_case(result) is None
    ):  # "要交啥材料" with no policy discussed, and the ranking names none either ("物流政策啥时候到期" does)
        return which_policy(aspects), replace(state, last_question=question)
    if state.policy_id and not result.get("answerable"):  # also when it names what the policy lacks
        question, result = _as_asked_before(index, question, state, result)
    less_place = without_names(question, our_places)
    found = bool(result.get("answerable"))  # by the search, before the checks below
    on_names = result.get("answerable") and _rests_on_our_names(
        index, question, less_place, intent, our_district, state
    )
    if on_names:  # "明天花溪下雨吗": the district's name is all it shares with the collection
        result = {**result, "answerable": False}
    top = (result.get("hits") or [{}])[0]
    told_by = index.policy_text(top.get("policy_id")) if result.get("answerable") else ""
    if told_by and named_only_in_passing(question, told_by):
        # "出口退税多久能退下来" by "骗取出口退税的，不予支持": no answer; "…今年刚批下来第一笔贷款，区里
        # 能帮着出点利息吗" by a guarantee-fee policy's "已申请《…首次贷款贴息办法》首贷贴息的，不再给予":
        # the first-loan policy the collection answers from without it
        result = _past_the_passing_mention(index, question, result, state.zone)
    elif told_by and asks_the_other_side(question, told_by):
        # "广交会这种国内展会" by a policy on 境外展会: another policy of the collection for that side
        # ("去了一趟迪拜的展会" when the furniture policy pays only 国内 fairs and the trade policy 境外 ones)
        result = _the_other_sides_policy(index, question, result, state.zone)
    elif told_by and sends_the_other_side_elsewhere(question, told_by):
        # "去了一趟迪拜的展会" when the furniture policy pays 国内 fairs and sends 境外 ones to the trade
        # measures: those measures, when the collection has them; else the policy's own words on it
        result = _the_side_asked(index, question, result, state.zone)
    elsewhere = _limited_to_other_zones(index, question, state, result)
    # the case without where the firm is, then also without what it makes ("我们公司做医药中间体的 在湛郎街道
    # 今年第一次拿到高新技术企业证书"; "我们是穆家营子工业园做铜加工的规上企业" is answered with its trade).
    # Without the trade only when the search found nothing, or to confirm its best policy: an answer the
    # checks above turned down is not replaced by another policy. Last, the clause it ends with alone, to
    # confirm the best policy, when it says as much of its own as a story does: what the firm asks after
    # telling its story (a bare "区里有补贴吗" confirmed whatever was ranked first)
    best = (result.get("hits") or [{}])[0].get("policy_id")
    retries: dict[str, bool] = {}  # the question asked again → may it only confirm ``best``
    # "…开了家大排档，夜里开到十二点，之前听说门头亮化改造能补贴": its last clause
    # a space typed between two words is the comma it stands for ("我们在幸福街道 做电子元器件的 今年…"):
    # without the trade and its last clause are read from the clauses so typed
    story = spaces_as_commas(less_place)
    last = _the_clause_it_ends_with(story) or story
    for asked_again, only_the_best in ((less_place, False), (without_trade(story), found), (last, True)):
        if asked_again != question and len(own_content(asked_again, ASPECT_WORDS)) >= MIN_SUBJECT:
            retries.setdefault(asked_again, only_the_best)
    if elsewhere is None and not result.get("answerable") and retries:
        for asked_again, only_the_best in retries.items():
            again = search_or_refusal(index, asked_again, zone=state.zone)
            if isinstance(again, Answer) or not again.get("answerable"):
                continue
            if not only_the_best or (again.get("hits") or [{}])[0].get("policy_id") == best:
                result = again
                break
        else:
            elsewhere = _limited_to_other_zones(index, less_place, state, result)
    if elsewhere is not None:
        return elsewhere
    if not result.get("answerable") and (abroad := _abroad_as_the_best_says(index, question, result)):
        # "去日本参展，展位费能补多少": the best policy pays for 境外展会, which 日本 is one of
        again = search_or_refusal(index, abroad, zone=state.zone)
        if not isinstance(again, Answer) and again.get("answerable"):
            question, result = abroad, again
    if question != text and not result.get("answerable"):
        as_said = search_or_refusal(index, text, zone=state.zone)
        if not isinstance(as_said, Answer) and as_said.get("answerable"):
            question, result = text, as_said
    if lacks and (result.get("hits") or [{}])[0].get("policy_id") == state.policy_id:
        # the collection's best clause is still the policy discussed, which never names it: no answer
        result = {**result, "answerable": False}
    if current and not result.get("answerable") and asks_what_it_covers(question):
        # "去的人机票住宿能报吗", "利息谁出": the policy's own clause answers (差旅费不予补贴, 财政贴息)
        return answer_on_current(index, question, state, aspects, intent, new_zone, said=text, covers=True)
    if (
        current
        and aspects
        and not result.get("answerable")
        and not opens_new_subject(question)
        and intent not in OFF_TOPIC
        and not asks_benefit_for_the_unknown(result, aspects)
        and aspect_after_statements(question, result, current)
    ):
        return answer_on_current(index, question, state, aspects, intent, new_zone, said=text)
    unknown = asks_benefit_for_the_unknown(result, aspects)
    small = len(subject) <= SMALL_SUBJECT and not find_topic(question) and not unknown
    off_topic = intent in OFF_TOPIC
    # "那要是发企业债券呢，有没有奖励": a benefit asked for something the collection never names, which
    # no clause answers, is not the policy discussed however many common words they share ("一年报几次"
    # asks for no benefit: a word the segmenter makes of it, 年报, is no new subject)
    new_case = unknown and "amount" in aspects and not result.get("answerable")
    if (
        current
        and not new_case
        and stays_on_current(index, question, result, current, small=small, off_topic=off_topic)
    ):
        return answer_on_current(index, question, state, aspects, intent, new_zone, said=text)
    # "对了，招残疾人有补贴吗" after 应急转贷: a word of its own the policy discussed never says, asked "by
    # the way", is another subject
    aside = (
        bool(current)
        and by_the_way(question)
        and said_by_the_policy(index, question, current) < VARIANT_COVERED
    )
    if current and aspects and small and not result.get("answerable") and not asks_another_case and not aside:
        # "多久审完", "有问题打什么电话": an aspect of the policy discussed, with a word of its own.
        return answer_on_current(index, question, state, aspects, intent, new_zone, said=text)
    result = with_the_old_policy(index, question, result, state.zone)
    result = with_current_policy(index, question, result, state.zone)
    result = asked_benefit_first(question, result)  # "白酒那边已经补过了，技改这边还能再报不": 技改's
    result = exclusions_last(question, result)  # "已享受首次贷款贴息的，不再享受本办法" answers no first loan
    result = ruled_out_items_last(question, result)  # "（一）以代理商名义参展的" of 不予补贴的情形: no rule
    result = named_first_of_two(question, result)  # "首贷贴息和创业担保贷款贴息能两个都拿吗": 首贷's clause
    result = hired_graduates_first(question, result)  # "招了五个应届生，签了合同": hiring, not 见习
    result = hiring_answers(question, result)
    best = (result.get("hits") or [{}])[0].get("policy_id") if result.get("answerable") else None
    if best and (none_newer := _no_newer_policy(index, question, best)) is not None:
        return none_newer, replace(state, last_question=question)
    if best and aspects[:1] == ("validity",) and not (index.policy(best) or {}).get("expired"):
        # "见习管理办法还有效吗": that policy's clause on its validity, else its dates on record
        on_it = discussing(index, state, best)
        return answer_on_current(index, question, on_it, aspects, intent, new_zone, said=text)
    answer = compose_answer(
        question,
        result,
        intent=intent,
        zone=state.zone,
        lookup=index.policy,
        focus=focus_of(aspects),
        old_asked=only_the_old_says_it(index, question, result.get("hits") or []),
    )
    if not answer.answered:
        asked = replace(state, last_question=question)
        # "我们公司第一次找银行贷款，利息有没有补贴的？" then "要交啥材料": the policy the ranking settles on
        alone = not state.policy_id and intent not in OFF_TOPIC
        if alone and asks_what_applies(question) and (case := _policy_named(index, question, result, asked)):
            # "我是珠街的家庭农场，…想建个分拣包装车间，能享受啥": the policy the case settles on, named
            return case
        named = nearest_named(index, question, result, answer) if alone else None
        if named is not None and named.policy_id:
            return named, discussing(index, asked, named.policy_id)
        return answer, asked
    topic = find_topic(question) or state.topic
    return answer, state_after(state, answer, question, aspects, topic)


#: How much more (share of the question's subject terms, by weight) the next policy must say in its own
#: right than the one naming it in passing: the first-loan policy 0.3–1.0 more than a guarantee-fee
#: policy's exclusion; two rent policies ruling each other out differ by 0.03 ("…区级留成有四十来万，
#: 房租能补吗").
OWN_RIGHT_MARGIN = 0.2


def _past_the_passing_mention(
    index: Any, question: str, result: dict[str, Any], zone: str | None
) -> dict[str, Any]:
    """The collection's answer without the best hit's policy, which names what is asked only in passing,
    when the policy it then ranks first says clearly more of what is asked in its own right
    (:data:`OWN_RIGHT_MARGIN`); else ``result`` with no answer."""
    passing = (result.get("hits") or [{}])[0].get("policy_id")
    again = search_or_refusal(index, question, zone=zone, exclude_policy=passing)
    if isinstance(again, Answer) or not again.get("answerable"):
        return {**result, "answerable": False}
    best = (again.get("hits") or [{}])[0].get("policy_id")
    own = said_in_its_own_right(question, index.policy_text(passing))
    if best and said_in_its_own_right(question, index.policy_text(best)) >= own + OWN_RIGHT_MARGIN:
        return again
    return {**result, "answerable": False}


def _the_other_sides_policy(
    index: Any, question: str, result: dict[str, Any], zone: str | None
) -> dict[str, Any]:
    """The search result for a question on the side of a scope (境外, 省外 …) that the best policy of
    ``result`` never pays for, searched with that policy left out: another policy speaking of that side,
    else ``result`` with nothing answerable."""
    again = search_or_refusal(index, question, zone=zone, exclude_policy=result["hits"][0]["policy_id"])
    if isinstance(again, Answer) or not again.get("answerable"):
        return {**result, "answerable": False}
    other = index.policy_text((again.get("hits") or [{}])[0].get("policy_id"))
    return {**result, "answerable": False} if asks_the_other_side(question, other) else again


def _the_side_asked(index: Any, question: str, result: dict[str, Any], zone: str | None) -> dict[str, Any]:
    """The search result for a question on the side of a scope (境外 …) that the best policy of ``result``
    leaves out or sends elsewhere: the best other policy whose best clause names that side, answerable as
    ``result`` was (the question is the collection's; only the side moved it); else ``result``."""
    again = search_or_refusal(index, question, zone=zone, exclude_policy=result["hits"][0]["policy_id"])
    best = (again.get("hits") or [{}])[0] if not isinstance(again, Answer) else {}
    if not best or not says_the_side_asked(question, str(best.get("text") or "")):
        return result
    if asks_the_other_side(question, index.policy_text(best.get("policy_id"))):
        return result
    return {**again, "answerable": True}


def _the_clause_it_ends_with(question: str) -> str | None:
    """The last of the question's clauses when it has others before it and says as much of its own as a
    story does (:data:`SITUATION_MIN`); None otherwise ("区里有补贴吗" names nothing)."""
    said = clauses(question)
    if len(said) < 2 or len(own_content(said[-1], ASPECT_WORDS)) < SITUATION_MIN:
        return None
    return said[-1]


def _rests_on_our_names(
    index: Any, question: str, less_place: str, intent: str | None, district: tuple[str, ...], state: State
) -> bool:
    """Whether an answer found for ``question`` may rest on this district's names alone (every policy
    carries the district's name in its title): NLU took it for off-topic and, every place name left out,
    it finds nothing answerable ("明天花溪下雨吗"); or, the district's own names left out, it shares no
    word with the collection at all ("明天贺兰下雨不，要不要带伞", whatever NLU made of it). "在双阳办个
    农机展，区里补不补" shares 参展 and 场地 with the 会展 policy."""
    if less_place == question:
        return False
    if intent in OFF_TOPIC:
        without = search_or_refusal(index, less_place, zone=state.zone)
        return not isinstance(without, Answer) and not without.get("answerable")
    bare = without_the_district(question, district)
    return bare != question and not index.search(bare, k=1, mode="lexical").get("hits")


def _as_asked_before(
    index: Any, question: str, state: State, result: dict[str, Any]
) -> tuple[str, dict[str, Any]]:
    """A variant that left the policy discussed ("那要是招进来直接签合同交社保的呢" after a question on
    见习补贴) asked as the question it varies asked it (:func:`followup.variant_as_asked_before`), and
    its search, when that finds an answer; ``question`` and ``result`` otherwise."""
    again = variant_as_asked_before(question, state.last_question)
    found = search_or_refusal(index, again, zone=state.zone) if again else None
    if again and isinstance(found, dict) and found.get("answerable"):
        return again, found
    return question, result


def _limited_to_other_zones(
    index: Any, question: str, state: State, in_zone: dict[str, Any]
) -> tuple[Answer, State] | None:
    """The answer for a firm whose zone is known asking about a benefit only other zones have: the
    collection's best answer, searched without the zone filter, is a policy limited to other zones
    ("我们在红光街道，能申请楼宇租金补贴吗" where only 犀浦、德源 have one). It says that policy does not
    apply there, citing its clause on where it applies; None when the zone is unknown, no policy is
    limited to other zones (the zone filter left nothing out: no second search), the best answer
    applies in it, or the firm's zone has a policy of its own on it (``in_zone``, the search filtered
    to the zone, answers from one).
    """
    own = (in_zone.get("hits") or [{}])[0].get("zones")
    if (
        not state.zone
        or not index.limits_out(state.zone)
        or (in_zone.get("answerable") and isinstance(own, list))
    ):
        return None
    result = search_or_refusal(index, question)
    if isinstance(result, Answer) or not result.get("answerable"):
        return None
    best = (result.get("hits") or [{}])[0]
    zones = best.get("zones")
    if not isinstance(zones, list) or state.zone in zones or best.get("expired"):
        return None
    hits = [hit for hit in result["hits"] if hit.get("policy_id") == best.get("policy_id")]
    answer = compose_answer(question, {**result, "hits": hits}, intent=None, zone=None, lookup=index.policy)
    if not answer.answered:
        return None
    answer = zone_applicability(answer, scope_clause(index, question, hits), state.zone, announce=True)
    return answer, state_after(state, answer, question, tuple(asked_aspects(question)), find_topic(question))


_BENEFIT = r"(?:补贴|补助|奖励|奖补|政策|扶持|优惠|支持|资助)"
#: Asking for a benefit besides the one discussed ("还有别的民宿补贴吗", "除了这个还有其他政策吗"); not for
#: more of the same policy ("还有别的材料吗"). A bare "有" asks too ("那城区有别的农业补贴吗"), when a
#: question particle follows; "已经有其他补贴了，还能报吗" states.
_ASKS_FOR_ANOTHER = re.compile(
    rf"(?:还有|有没有|还有没有|另外还有)(?:啥|什么)?(?:别的|其他|其它|另外的)[^，,。？?]{{0,8}}?{_BENEFIT}"
    rf"|有(?:啥|什么)?(?:别的|其他|其它)[^，,。？?]{{0,8}}?{_BENEFIT}(?=[吗么没不呢])"
)


def _besides_the_current(index: Any, question: str, state: State, intent: str | None) -> tuple[Answer, State]:
    """A benefit asked for besides the policy discussed: the collection searched without it; when
    nothing else answers, the firm is told so (and offered a lawyer) rather than shown the same
    policy again."""
    result = search_or_refusal(index, question, zone=state.zone, exclude_policy=state.policy_id)
    if isinstance(result, Answer):
        return result, state
    aspects = tuple(asked_aspects(question))
    hits = result.get("hits") or []
    if hits and _quotes(hits[0], state.policy_title):
        # "还有别的见习补贴吗": the best match only names the policy discussed ("已享受《…见习…》补贴的，
        # 不得同时申领本办法补贴"), which tells of that policy, not of another benefit
        result = {**result, "hits": [], "answerable": False}
    answer = compose_answer(
        question, result, intent=intent, zone=state.zone, lookup=index.policy, focus=focus_of(aspects)
    )
    if answer.answered:
        return answer, state_after(state, answer, question, aspects, find_topic(question) or state.topic)
    text = f"除了《{state.policy_title}》，现有政策库里没有找到其他能回答这个问题的政策。{LAWYER_QUESTION}"
    return replace(answer, text=text, body=text), replace(state, last_question=question)


def _where_it_applies(index: Any, question: str, state: State) -> tuple[Answer, State] | None:
    """Where the benefit asked about applies: the policy discussed when the question names nothing
    else ("这个哪些镇能报"), else the one the question finds (searched in every zone: a policy limited to
    other zones is the one asked about); None when none answers."""
    rest = without_where(question)
    if state.policy_id and len(own_content(rest, ASPECT_WORDS)) < MIN_SUBJECT:
        policy_id = state.policy_id
    else:
        result = search_or_refusal(index, rest or question)
        if isinstance(result, Answer) or not result.get("answerable") or not result.get("hits"):
            return None
        policy_id = str(result["hits"][0]["policy_id"])
    answer = scope_answer(index, question, policy_id, state.zone)
    if answer is None:
        return None
    return answer, state_after(
        discussing(index, state, policy_id), answer, question, (), find_topic(question)
    )


def _quotes(hit: dict[str, Any], title: str | None) -> bool:
    """Whether a clause names the policy titled ``title`` (as 《title》)."""
    return bool(title) and f"《{title}》" in str(hit.get("text") or "")


#: Asks whether a policy can still be applied for ("现在还能报吗", "还有效不", "还能享受吗").
_STILL_OPEN = re.compile(r"还(?:能|可以)(?:报|申报|申请|享受|领|拿)|还有效|还管用|还在执行|还算数")


def _no_longer_open(
    index: Any, question: str, expired: str, state: State, intent: str | None
) -> tuple[Answer, State] | None:
    """Asked whether the expired policy discussed can still be applied for: it cannot — its clause on
    when it took effect or ended cited first —, and the policy that replaced it (``state``'s) answers
    when it is applied for. None when that policy says nothing on it."""
    old = index.policy(expired) or {}
    answer, after = answer_on_current(index, question, state, ("deadline",), intent, None)
    if not answer.answered:
        return None
    ended = expired_on(old)
    current = index.policy(state.policy_id) or {}
    doc_no = f"（{current['doc_no']}）" if current.get("doc_no") else ""
    lead = (
        f"《{old.get('title')}》{ended}，不能再按它申报了。现在执行的是《{current.get('title')}》{doc_no}："
    )
    validity = index.search(f"{old.get('title')} 施行 有效期 废止", k=1, policy_id=expired).get("hits") or []
    citations = [*(citation_of(hit) for hit in validity[:1]), *answer.citations]
    return cited_answer(f"{lead}\n{answer.body}", citations, after.policy_id, after.policy_title), after


def _in_force(index: Any, question: str, state: State, intent: str | None) -> tuple[Answer, State]:
    """Asked which policy is in force now ("现在换成什么了", "现在执行哪个文件") about the policy discussed
    (already the one in force, :func:`to_the_rule_in_force`): its title and document number, then its
    clause on the benefit the firm asked about before (its last question), or on its main benefit."""
    policy = index.policy(state.policy_id) or {}
    if policy.get("expired") and (none_newer := _no_newer_policy(index, question, state.policy_id)):
        return none_newer, replace(state, last_question=question)  # never "现在执行的是" an expired one
    asked = state.last_question or question
    answer, after = answer_on_current(index, asked, state, ("amount",), intent, None, said=question)
    if not answer.answered:
        return answer, after
    doc_no = f"（{policy['doc_no']}）" if policy.get("doc_no") else ""
    return with_body(answer, f"现在执行的是《{policy.get('title')}》{doc_no}。\n{answer.body}"), after


def _tax_rate_told(index: Any, question: str, state: State, intent: str | None) -> Answer | None:
    """A question on a tax's own rate: answered from the clauses found that state it (when the best one
    does not: a grant on the tax figure shares more words), the no-match answer when none does (a grant
    "按加计扣除额的3%给予补助" states no tax rate); None when the best clause states it (answered as
    any question)."""
    result = search_or_refusal(index, question, zone=state.zone)
    if isinstance(result, Answer):
        return result
    hits = result.get("hits") or []
    stating = [hit for hit in hits if states_the_rate(question, str(hit.get("text") or ""))]
    if stating and stating[0] is hits[0] and result.get("answerable"):
        return None
    told = {**result, "hits": stating, "answerable": bool(stating)}
    return compose_answer(question, told, intent=intent, zone=state.zone, lookup=index.policy)


def _no_newer_policy(
    index: Any, question: str, policy_id: str | None, *, of_its_subject: bool = False
) -> Answer | None:
    """The no-match reply for a question asking for a newer round of an expired policy that nothing in
    the collection replaces (:func:`old_policy.no_newer_policy`), or None. With ``of_its_subject`` (the
    policy discussed), only a question about that policy's own subject counts: "那有没有新的人才政策"
    after a 消费券 campaign asks about something else."""
    policy = index.policy(policy_id) if policy_id else None
    successor = index.policy(policy["replaced_by"]) if policy and policy.get("replaced_by") else None
    said = no_newer_policy(question, policy, successor)
    if said is None or (of_its_subject and said_by_the_policy(index, question, policy_id) < VARIANT_COVERED):
        return None
    no_match = {"citations": [], "action": "no_match"}
    return Answer(text=f"{said}{LAWYER_QUESTION}", payload=no_match, answered=False)


def to_the_rule_in_force(index: Any, question: str, state: State) -> State:
    """The state with the policy discussed replaced by the policy in force that replaced it, unless the
    question points back at the expired one.

    After "肥政办〔2023〕18号那个办法还能申报吗" (answered from the expired policy), "那现在新的是哪个文件，
    补多少" or "要交啥材料" ask about what a firm can apply for now; "老办法当时几月份报" does not.
    """
    policy = index.policy(state.policy_id) if state.policy_id else None
    if not policy or not policy.get("expired") or asks_about_the_old(question, policy):
        return state
    if only_another_case(question) and asks_about_the_old(state.last_question or "", policy):
        return state  # "那零售的呢" after "老的商贸措施里，批发企业进限上奖多少": the old one, for retailers
    current = index.policy(policy.get("replaced_by")) if policy.get("replaced_by") else None
    if not current or current.get("expired"):
        return state
    return replace(state, policy_id=policy["replaced_by"], policy_title=current.get("title"))


def _facts_only(
    index: Any,
    text: str,
    state: State,
    new_zone: str | None,
    intent: str | None,
    *,
    stated: bool,
    sized: bool = False,
    names: tuple[str, ...] = (),
) -> tuple[Answer | None, State]:
    """A message without a question word: a new zone re-answers the last question for it; the firm's
    size or the figures of its case said after a question on the policy discussed ("那个，我们公司就二十
    五个人", "投资一百二十万，开业一年了", ``sized``) ask that question again for that case, on that
    policy; a situation the collection answers is answered; stated facts the collection does not answer
    are just noted (None), as is a description of the firm's case in the collection's terms (``names``,
    the district's and its places' names the message says, are not such terms); a message that states no
    fact is a question typed as keywords ("深圳南山区的高企奖励标准", "办展补贴", "个转企 执行期") and is
    searched: answered, or the no-match answer with a lawyer offered — an aspect alone ("截止日期") is asked
    of the policy discussed."""
    if new_zone and state.last_question:
        if state.policy_id:  # the policy under discussion: does it apply there?
            return answer_on_current(index, state.last_question, state, state.aspects, intent, new_zone)
        return answer_question(index, state.last_question, state, intent=intent, new_zone=new_zone)
    if sized and state.policy_id and state.last_question:
        # "在职职工人数在30人（含）以下的企业，暂免征收": the policy's rule for a firm that size
        asked = normalize_query(f"{state.last_question}，{text}")
        return answer_on_current(index, asked, state, ("conditions",), intent, None, said=text)
    own = own_content(text, ASPECT_WORDS)
    short = len(own) < (SITUATION_WITH_ZONE if new_zone else MIN_SUBJECT)
    keyed = tuple(asked_aspects(text)) if not stated else ()
    if keyed and not own and state.policy_id:
        # "截止日期", "申报材料": an aspect typed as a keyword, of the policy discussed
        return answer_on_current(index, text, state, keyed, intent, None, said=text)
    if short and (
        new_zone
        or not (names_a_known_subject(index, text) or asks_for_a_benefit(text, own) or (keyed and own))
    ):  # "个转企 执行期" is a keyword question: searched
        return None, state
    # "我们公司在大泽，规上五金企业，…技改设备投了一千五百万": the zone filters; its name finds nothing
    less = without_names(text, names)
    said = own_content(less, ASPECT_WORDS)
    # "想开个小餐馆，手头还差二十来万": a shortage of money asks for financing (贷款)
    searched = with_financing(less if said else text)
    result = search_or_refusal(index, searched, zone=state.zone)
    if isinstance(result, Answer):  # refused (huge, binary): say why
        return result, state
    as_said = with_financing(text)
    if not result.get("answerable") and searched != as_said:
        # "我们公司去年从外省迁到潞州商务大厦，租了四百平米办公": a place's name may be what finds the policy
        found = search_or_refusal(index, as_said, zone=state.zone)
        if not isinstance(found, Answer) and found.get("answerable"):
            searched, result = as_said, found
    if not result.get("answerable"):
        if state.policy_id and stated:
            return None, state
        described = describes_a_case(index, less, said)
        if stated or (described and intent not in OFF_TOPIC):
            # noted; a description is, before any policy is discussed, the case a question with no
            # subject of its own is about ("帮我写首诗夸夸金海湖" notes the zone, and describes nothing)
            kept = described or (stated and len(said) >= SITUATION_MIN)
            noted = replace(state, situation=_situation(state.situation, text)) if kept else state
            # "我们做储能电池的，今年新上设备花了2000万": the policy the ranking settles on is named
            hired = hired_graduates_first(text, result)
            named = _policy_named(index, text, hired, noted) if kept else None
            return named or (None, noted)
        # "我们第一次跟银行贷款，想申请铁西": a benefit the firm wants, misheard; the policy the ranking
        # settles on is named rather than "nothing found"
        if wants_to_apply(text) and (named := _policy_named(index, text, result, state)):
            return named
    asked = searched if result.get("answerable") else text
    answer, after = answer_question(
        index, asked, replace(state, policy_id=None), intent=intent, our_places=names
    )
    if stated and result.get("answerable") and not answer.answered:
        return None, state  # the facts are noted; no clause was said to answer them
    return answer, after


def _policy_named(index: Any, text: str, result: dict[str, Any], state: State) -> tuple[Answer, State] | None:
    """The reply naming the policy to look at (:func:`suggestion.suggestion`) and the state discussing
    it, before any policy is discussed; None otherwise."""
    named = None if state.policy_id else suggestion(index, text, result)
    if named is None:
        return None
    return named, state_after(state, named, text, (), find_topic(text) or state.topic)


#: Own content (characters) that makes a question said "by the way" ("对了，…") no fragment of the policy
#: discussed, even with no subject term ("我们今年还去国外参展了两回"); "对了，钱啥时候到" stays one.
BY_THE_WAY_SUBJECT = 6


#: A particle a firm ends a statement of its figures with ("我们营收三十多个亿呢"): no question of its own.
_TRAILING_PARTICLE = re.compile(r"[呢啊呀哦嘛哈]+[？?！!。.～~]*$")


def _only_a_particle(text: str) -> bool:
    """Whether the message asks nothing once its closing particle is gone ("我们营收三十多个亿呢"), which
    after a policy is discussed gives the firm's case for the question asked (``sized``)."""
    bare = _TRAILING_PARTICLE.sub("", text.strip())
    if bare == text.strip() or opens_a_variant(bare):  # "那软件企业营收过亿的呢" asks of another case
        return False
    return not any(asks_a_question(part) for part in split_questions(bare, asks_a_question))


#: A statement with at least this much of its own ("公司新招了一个硕士，合同签了5年，现在租房住") describes
#: the firm's case even when no fact of the profile (zone, size, industry …) is read from it.
SITUATION_MIN = 8


def describes_a_case(index: Any, text: str, own: str) -> bool:
    """Whether a statement describes the firm's case in the collection's terms (a subject the dictionary
    or the collection knows), to be kept for the question that follows; "今天天气不错" names none, and
    keywords asking for a benefit or an aspect ("服务外包企业离岸执行额奖励标准") are a question."""
    if len(own) < SITUATION_MIN or BENEFIT_WORDS.search(text) or asked_aspects(text) or is_request(text):
        return False  # "帮我写个年终总结，三百字就行" asks for a task: no case of the firm's
    return names_a_known_subject(index, text)


#: Longest situation kept (characters): a firm's description of its case, not a transcript.
SITUATION_MAX = 200


def _situation(before: str | None, text: str) -> str:
    """The firm's case as described so far: ``text`` added to what it said before, the latest kept."""
    said = f"{before}，{text}" if before else text
    return said[-SITUATION_MAX:]


def asks_for_a_benefit(text: str, own: str) -> bool:
    """Whether a message too short to name a subject still asks for a benefit of something ("办展补贴",
    "搬迁奖励": a word of its own besides the benefit word): keywords typed as a question, to search."""
    return bool(own) and BENEFIT_WORDS.search(text) is not None


def names_a_known_subject(index: Any, text: str) -> bool:
    """Whether a message names a subject the dictionary or the collection knows, however short what is
    left once benefit and aspect words are gone: "储能补贴标准" (储能), "过桥资金电话" (过桥资金 → 应急转贷)
    — keywords typed as a question, to search; "谢谢", "明白了" name nothing the collection says."""
    terms = [term for term in subject_terms(normalize_query(text)) if len(term) >= MIN_SUBJECT]
    known = set(topic_terms())
    return any(term in known or index.search(term, k=1, mode="lexical").get("hits") for term in terms)


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

"""A question about an expired policy itself ("肥政办〔2023〕18号那个办法现在还能申报吗",
"老的那个数字化改造办法以前是几月份报的"), told apart from one about the rule in force
("以前补百分之十，现在还是这样吗").

The firm names the old policy by its document number (written, or spoken: "肥政办二零二三十八号"), or
points back at it ("老的那个", "原来的", "以前是…") or names the year it was in force, together with
words of its title. Such a question is answered from the expired policy first, saying it has expired,
with its replacement cited after it (:func:`bot.actions.answer.compose_answer`).
"""

from __future__ import annotations

import re
from typing import Any

from bot.actions.answer import NO_SUCCESSOR, expired_on
from bot.actions.figures import states_a_figure_only_in
from bot.actions.followup import own_content
from policy_index.normalize import normalize_query
from policy_index.old_documents import (
    names_document_number,
    names_it,
    points_back,
)
from policy_index.signals import subject_terms


def the_old_one_asked(index: Any, question: str, hits: list[dict[str, Any]]) -> str | None:
    """The expired policy the question asks about, or None.

    It is one whose document number the question names (anywhere in the collection), or an expired
    policy among ``hits`` — or replaced by a policy among them — that the question points back at and
    names by words of its title, or whose sum or rate it states where the policy in force says another.
    """
    for policy_id, meta in index.policies.items():
        if meta.get("doc_no") and names_document_number(question, meta):
            policy = index.policy(policy_id) or {}
            return policy_id if policy.get("expired") else None
    for hit in hits:
        if hit.get("expired") and points_back(question, hit) and names_it(question, hit):
            return str(hit["policy_id"])
    # "老装配式政策": the policy in force fills the hits; the one it replaced is named by the question
    found = {str(hit.get("policy_id")) for hit in hits}
    for policy_id, meta in index.policies.items():
        if meta.get("replaced_by") in found and points_back(question, meta) and names_it(question, meta):
            policy = index.policy(policy_id) or {}
            if policy.get("expired"):
                return policy_id
    # "限上企业第一次纳统是不是奖三万": a sum or rate only the expired policy says, not the one in force
    for policy_id, meta in index.policies.items():
        successor = meta.get("replaced_by")
        if not successor or (policy_id not in found and successor not in found):
            continue
        if (index.policy(policy_id) or {}).get("expired") and states_a_figure_only_in(
            question, index.policy_text(policy_id), index.policy_text(successor)
        ):
            return policy_id
    return None


def with_the_old_policy(
    index: Any, question: str, result: dict[str, Any], zone: str | None
) -> dict[str, Any]:
    """The search result with the expired policy the question asks about first and answerable
    (its best clause for the question), then the other hits; unchanged when it asks about none."""
    hits = list(result.get("hits") or [])
    old = the_old_one_asked(index, question, hits)
    if old is None:
        return result
    # its own clauses for the question: "24年那个吸纳就业暂行办法，招一个人补多少" ranks its clause on its
    # dates among the collection, its clause on the amount within it
    ranked = [hit for hit in hits if hit.get("policy_id") == old]
    found = index.search(question, k=OWN_CLAUSES, zone=zone, policy_id=old).get("hits") or []
    seen = {hit.get("text") for hit in ranked}
    more = [hit for hit in found if hit.get("policy_id") == old and hit.get("text") not in seen]
    own = ranked + more  # as the collection ranks them, then those only the search within it found
    if not own:
        return result
    rest = [hit for hit in hits if hit.get("policy_id") != old]
    return {**result, "hits": own + rest, "answerable": True}


#: How many of the expired policy's own clauses are put first when a question asks about it.
OWN_CLAUSES = 3


#: Asking for a newer round or a successor ("现在有没有新的消费券", "今年还有新一批吗", "出了新政策没",
#: "今年春节会不会再出一个"), or for one like it ("现在还有类似的补贴吗").
_ASKS_FOR_A_NEW_ONE = re.compile(
    r"新的|最新|新出|新一[期轮批年]|下一[期轮批]|今年的|明年的|新政策|新文件|新办法"
    r"|[再又](?:出|发|搞|办|来)(?:一[个期轮批次]|个)"
    r"|还有(?:没有)?(?:类似|同类|差不多|这样|这种)的"
)


#: Asking which policy is in force now, or what replaced the one discussed: "现在换成什么了", "换成啥了",
#: "现在是哪个政策", "现在执行哪个文件", "新的是哪个", "被什么取代了", "那现在按啥执行", "现在以哪个为准",
#: "那现在有新的吗", "有没有新的办法替代它".
#: "现在是什么条件" asks an aspect.
_ASKS_WHICH_NOW = re.compile(
    r"(?:换|改|变)成(?:了)?(?:什么|啥|哪个|哪一个|哪份)(?:政策|文件|办法|规定|措施|通知)?了?[呢啊呀吗？?。！!\s]*$"
    r"|(?:现在|目前|如今|新的?|现行的?)[^，,。？?]{0,4}?(?:哪个|哪一个|哪份|什么|啥)(?:政策|文件|办法|规定|措施|通知)"
    r"|(?:现在|目前|如今|新的?|现行的?)(?:的)?(?:是|叫)(?:哪个|哪一个|什么|啥)[呢啊呀？?。！!\s]*$"
    r"|(?:什么|啥|哪个)(?:政策|文件|办法)?(?:替代|取代|接替|代替)"
    # "有没有新的办法替代它", "出了新政策取代它没"
    r"|新的?(?:政策|文件|办法|规定)?[^，,。？?]{0,2}?(?:替代|取代|接替|代替)"
    r"|(?:新|现行|现在)的?(?:政策|文件|办法|规定)(?:叫|是)(?:什么|啥|哪个)"
    r"|(?:现在|目前|如今)(?:要|该|应该)?(?:按|照|依|以)(?:着)?(?:什么|啥|哪个|哪一个|哪份)"
    r"(?:政策|文件|办法|规定|标准)?(?:执行|来|办|走|为准)"
    r"|^(?:那)?(?:现在|目前|如今)?(?:新的|新政策|新文件|新办法)(?:呢|咧|嘞)?[？?。！!\s]*$"
    # "那现在有新的吗", "现在有没有新的", "有新的政策没": whether something replaced it
    r"|^(?:那)?(?:现在|目前|如今)?(?:还)?(?:有没有|有)(?:新的(?:政策|文件|办法)?|新政策|新文件|新办法)"
    r"(?:吗|么|没有|没|不)?[呢啊呀？?。！!\s]*$"
)


#: Naming the rule in force instead of a subject: 新办法, 新的政策, 现在的标准, 现行规定 (标准: the rate).
_THE_NEW_RULE = re.compile(
    r"(?:现在|目前|如今)?(?:新的?|现行的?|现在的|目前的)(?:奖励|补贴|补助)?(?:办法|政策|文件|规定|措施|标准|细则)"
)


def about_the_rule_in_force(question: str) -> str | None:
    """The question less the words naming the rule in force ("新办法增长要到多少才有奖" → "增长要到多少才有
    奖", "那现在新的标准是多少" → "那是多少"), or None when it names none."""
    rest = _THE_NEW_RULE.sub("", question)
    return rest if rest != question else None


def asks_which_is_in_force(question: str) -> bool:
    """Whether the question asks which policy is in force now, or what replaced the one discussed."""
    return bool(_ASKS_WHICH_NOW.search(question))


def no_newer_policy(
    question: str, policy: dict[str, Any] | None, successor: dict[str, Any] | None
) -> str | None:
    """What to say when the firm asks for a newer round of an expired policy that has none in the
    collection ("那现在有没有新的消费券" after a消费券 campaign that ended): that it has expired and
    nothing has replaced it — a no-match, not its old clauses again. None otherwise."""
    asks = _ASKS_FOR_A_NEW_ONE.search(question) or asks_which_is_in_force(question)
    if not policy or not policy.get("expired") or successor or not asks:
        return None
    return f"《{policy['title']}》{expired_on(policy)}，{NO_SUCCESSOR}。"


#: A terse question's own subject ("上云" of "上云补贴还有吗") is matched as said when it is this long.
SUBJECT_AS_SAID = (2, 6)


def only_the_old_says_it(index: Any, question: str, hits: list[dict[str, Any]]) -> bool:
    """Whether the question asks about something only the expired top hit speaks of, not the policy
    that replaced it: "上云补贴还有吗" when the old 数字化改造 measures had a 上云 subsidy and the new
    数字化转型 measures say nothing of 上云. Then the expired policy answers (said to be expired) and the
    one in force is cited after it, instead of a clause of the new one that never names what was asked.

    What the question is about is its subject terms (:func:`policy_index.signals.subject_terms`) and,
    for a terse question, its own words as said (:func:`followup.own_content`, 2–6 characters); or a sum
    or rate it states that only the expired policy says ("是不是奖三万" when the new one pays 5万元).
    """
    if not hits or not hits[0].get("expired") or not hits[0].get("replaced_by"):
        return False
    old_text = index.policy_text(str(hits[0]["policy_id"]))
    new_text = index.policy_text(str(hits[0]["replaced_by"]))
    if states_a_figure_only_in(question, old_text, new_text):
        return True
    said = normalize_query(question)
    asked = set(subject_terms(said))
    own = own_content(said)
    if SUBJECT_AS_SAID[0] <= len(own) <= SUBJECT_AS_SAID[1]:
        asked.add(own)
    only_old = [term for term in asked if term in old_text]
    return bool(only_old) and not any(term in new_text for term in only_old)

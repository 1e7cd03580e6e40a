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

from bot.actions.followup import own_content
from policy_index.normalize import cn_to_number, normalize_query
from policy_index.rerank_features import names_document
from policy_index.signals import subject_terms

#: Words that point at an earlier rule rather than the one in force (老政策, 老的那个, 以前是, 当时).
EARLIER = re.compile(
    r"老(?:政策|版|办法|标准|文件|规定)|旧(?:政策|版|办法|标准)|老的|旧的|原来的|原来那|以前的|之前的|以前那|之前那"
    r"|[老旧](?!年|旧|厂|房|小区|城|街|村)[\u4e00-\u9fff]{1,8}?(?:政策|办法|文件|规定|通知)"
    r"|以前(?:是|都是|一般|每年|怎么|咋)|当时|那时候?|那阵子|那次|那一批"
)
#: A year as firms write it (2022年, 22年) — not a length of time (成立10年, 满3年, 10年以上).
_YEAR = re.compile(r"(?<![\d满近第前后共])(20\d{2}|1[5-9]|[23]\d)\s*年(?!以|内|多|来|左右|期|限|间)")
#: A year said digit by digit ("二三年那版", "二零二三年的办法"), read as 23年 / 2023年.
_SPOKEN_YEAR = re.compile(
    r"(?<![零〇一二三四五六七八九十百两])((?:二[零〇])?[一二][零〇一二三四五六七八九])年"
)
#: Words naming a kind of document, said of any title ("办法", "若干措施"): not words of one title.
_KIND_OF_DOCUMENT = re.compile(r"^(?:办法|政策|措施|若干措施|通知|方案|实施方案|意见|规定|细则|文件)$")
#: A run of Chinese numerals as spoken in a document number ("二零二三", "十八").
_SPOKEN = re.compile(r"[零〇一二三四五六七八九十百两]+")
_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "两": "2"}
#: A document's title shares a run of at least this many characters with a question that names it
#: ("数字化改造" of "工业企业数字化改造专项扶持办法").
TITLE_RUN = 4


def _arabic(run: str) -> str:
    """A spoken numeral run in digits: a year said digit by digit leads ("二零二三十八" → "2023 18")."""
    year = ""
    if len(run) >= 4 and all(char in _DIGIT for char in run[:4]) and run[0] in "二一":
        year, run = "".join(_DIGIT[char] for char in run[:4]), run[4:]
    if not run:
        return year
    said_with_units = "十" in run or "百" in run
    rest = (cn_to_number(run) or run) if said_with_units else "".join(_DIGIT[char] for char in run)
    return f"{year} {rest}".strip()


def with_digits(text: str) -> str:
    """``text`` with spoken numerals in digits, as a document number is written
    ("肥政办二零二三十八号" → "肥政办2023 18号")."""
    return _SPOKEN.sub(lambda match: _arabic(match.group(0)), text)


#: The issuer's prefix of a document number (肥政办 of 肥政办〔2023〕18号).
_PREFIX = re.compile(r"^[\u4e00-\u9fff]{2,8}(?=[〔\[［(（])")


def names_document_number(question: str, policy: dict[str, Any]) -> bool:
    """Whether the question names the policy's document number, written ("肥政办〔2023〕18号",
    "肥政办2023年18号文") or spoken ("肥政办二零二三十八号")."""
    prefix = _PREFIX.match(str(policy.get("doc_no") or ""))
    if not prefix or prefix.group(0) not in question:
        return False
    return any(names_document(normalize_query(said), policy) for said in {question, with_digits(question)})


def names_title(question: str, policy: dict[str, Any]) -> bool:
    """Whether the question says a run of the policy's title (:data:`TITLE_RUN` characters at least) or
    one of its subject terms ("二三年那版物流政策" of "…现代物流业发展扶持办法")."""
    title = str(policy.get("title") or "")
    if any(title[i : i + TITLE_RUN] in question for i in range(len(title) - TITLE_RUN + 1)):
        return True
    terms = subject_terms(normalize_query(question))
    return any(len(term) >= 2 and term in title and not _KIND_OF_DOCUMENT.match(term) for term in terms)


def points_back(question: str, policy: dict[str, Any]) -> bool:
    """Whether the question points back at an earlier rule ("老的那个", "以前是", "当时") or names a year
    ``policy`` was still in force ("23年出的那个…办法", "2022年兑现的")."""
    if EARLIER.search(question):
        return True
    until = str(policy.get("valid_until") or "")[:4]
    said = _SPOKEN_YEAR.sub(lambda m: "".join(_DIGIT[c] for c in m.group(1)) + "年", question)
    years = [int(y) if len(y) == 4 else 2000 + int(y) for y in _YEAR.findall(said)]
    return bool(until.isdigit() and any(year <= int(until) for year in years))


def asks_about_the_old(question: str, expired: dict[str, Any]) -> bool:
    """Whether the question is about the expired policy itself, not the rule in force: it names its
    document number, points back, or names a year it was in force."""
    return names_document_number(question, expired) or points_back(question, expired)


#: Words naming a document as such ("23年的那个文件", "老版", "按老办法"): with a year it was in force or an
#: "old", the question is about an earlier document, whatever words of its title it uses.
_A_DOCUMENT = re.compile(r"文件|老版|旧版|那版|那一版|版本|老办法|旧办法|老政策|旧政策|老规定|老措施|红头")


def _names_it(question: str, policy: dict[str, Any]) -> bool:
    """Whether a question that points back at ``policy`` names it: words of its title, or the document
    itself ("听说有个23年的限上奖励文件…", "老版入限奖多少" — found among the hits by its subject)."""
    return names_title(question, policy) or bool(_A_DOCUMENT.search(question))


def the_old_one_asked(index: Any, question: str, hits: list[dict[str, Any]]) -> str | None:
    """The expired policy the question asks about, or None.

    It is one whose document number the question names (anywhere in the collection), or an expired
    policy among ``hits`` — or replaced by a policy among them — that the question points back at and
    names by words of its title.
    """
    for policy_id, meta in index.policies.items():
        if meta.get("doc_no") and names_document_number(question, meta):
            policy = index.policy(policy_id) or {}
            return policy_id if policy.get("expired") else None
    for hit in hits:
        if hit.get("expired") and points_back(question, hit) and _names_it(question, hit):
            return str(hit["policy_id"])
    # "老装配式政策": the policy in force fills the hits; the one it replaced is named by the question
    found = {str(hit.get("policy_id")) for hit in hits}
    for policy_id, meta in index.policies.items():
        if meta.get("replaced_by") in found and points_back(question, meta) and _names_it(question, meta):
            policy = index.policy(policy_id) or {}
            if policy.get("expired"):
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
    own = [hit for hit in hits if hit.get("policy_id") == old]
    if not own:
        found = index.search(question, k=1, zone=zone, policy_id=old).get("hits") or []
        own = [hit for hit in found if hit.get("policy_id") == old][:1]
        if not own:
            return result
    rest = [hit for hit in hits if hit.get("policy_id") != old]
    return {**result, "hits": own[:1] + rest + own[1:], "answerable": True}


#: Asking for a newer round or a successor ("现在有没有新的消费券", "今年还有新一批吗", "出了新政策没").
_ASKS_FOR_A_NEW_ONE = re.compile(
    r"新的|最新|新出|新一[期轮批年]|下一[期轮批]|今年的|明年的|新政策|新文件|新办法"
)


#: Asking which policy is in force now, or what replaced the one discussed: "现在换成什么了", "换成啥了",
#: "现在是哪个政策", "现在执行哪个文件", "新的是哪个", "被什么取代了". "现在是什么条件" asks an aspect.
_ASKS_WHICH_NOW = re.compile(
    r"(?:换|改|变)成(?:了)?(?:什么|啥|哪个|哪一个|哪份)(?:政策|文件|办法|规定|措施|通知)?了?[呢啊呀吗？?。！!\s]*$"
    r"|(?:现在|目前|如今|新的?|现行的?)[^，,。？?]{0,4}?(?:哪个|哪一个|哪份|什么|啥)(?:政策|文件|办法|规定|措施|通知)"
    r"|(?:现在|目前|如今|新的?|现行的?)(?:的)?(?:是|叫)(?:哪个|哪一个|什么|啥)[呢啊呀？?。！!\s]*$"
    r"|(?:什么|啥|哪个)(?:政策|文件|办法)?(?:替代|取代|接替|代替)"
    r"|(?:新|现行|现在)的?(?:政策|文件|办法|规定)(?:叫|是)(?:什么|啥|哪个)"
)


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
    until = f"已于{policy['valid_until']}失效" if policy.get("valid_until") else "已失效"
    return f"《{policy['title']}》{until}，政策库里目前没有查到接替它的新政策。"


#: A terse question's own subject ("上云" of "上云补贴还有吗") is matched as said when it is this long.
SUBJECT_AS_SAID = (2, 6)


def only_the_old_says_it(index: Any, question: str, hits: list[dict[str, Any]]) -> bool:
    """Whether the question asks about something only the expired top hit speaks of, not the policy
    that replaced it: "上云补贴还有吗" when the old 数字化改造 measures had a 上云 subsidy and the new
    数字化转型 measures say nothing of 上云. Then the expired policy answers (said to be expired) and the
    one in force is cited after it, instead of a clause of the new one that never names what was asked.

    What the question is about is its subject terms (:func:`policy_index.signals.subject_terms`) and,
    for a terse question, its own words as said (:func:`followup.own_content`, 2–6 characters).
    """
    if not hits or not hits[0].get("expired") or not hits[0].get("replaced_by"):
        return False
    said = normalize_query(question)
    asked = set(subject_terms(said))
    own = own_content(said)
    if SUBJECT_AS_SAID[0] <= len(own) <= SUBJECT_AS_SAID[1]:
        asked.add(own)
    old_text = index.policy_text(str(hits[0]["policy_id"]))
    new_text = index.policy_text(str(hits[0]["replaced_by"]))
    only_old = [term for term in asked if term in old_text]
    return bool(only_old) and not any(term in new_text for term in only_old)

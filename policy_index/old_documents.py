"""Questions that point back at an earlier document rather than the rule in force.

"23年出的那个数字化改造办法", "老版入限奖多少", "肥政办二零二三十八号那个文件", "以前是几月份报的": the firm
names the old policy by its document number (written or spoken), or points back at it (老的那个, 原来的,
以前是…, 当时) or names a year it was in force, together with words of its title or of a document as such
(文件, 老版). Used by the search, which ranks such an expired policy first, and by the dialogue, which
answers from it and cites its replacement after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from policy_index.normalize import cn_to_number, normalize_query
from policy_index.rerank_features import names_document
from policy_index.signals import subject_terms

__all__ = [
    "EARLIER",
    "asks_about_the_old",
    "names_document_number",
    "names_it",
    "names_title",
    "old_document_first",
    "points_back",
    "with_digits",
]

#: Words that point at an earlier rule rather than the one in force (老政策, 老的那个, 以前是, 当时).
EARLIER = re.compile(
    r"老(?:政策|版|办法|标准|文件|规定)|旧(?:政策|版|办法|标准)|老的|旧的|原来的|原来那|以前的|之前的|以前那|之前那"
    r"|[老旧](?!年|旧|厂|房|小区|城|街|村)[\u4e00-\u9fff]{1,8}?(?:政策|办法|文件|规定|通知)"
    r"|以前(?:是|都是|一般|每年|怎么|咋)|当时|那时候?|那阵子|那次|那一批"
    # "以前区里实用新型一件补一千的那个办法", "区里之前给小企业补电费那个", "前两年那个专利资助"
    r"|(?:以前|之前|原先|早先|前[两几]年)(?!在|从|没|不|是)[\u4e00-\u9fff\d]{0,16}?那个(?!街道|镇|乡|村|园区|厂|公司|店)"
    # "以前听说区里一件资助五百块，现在还有吗": what the firm heard of is an earlier rule
    r"|(?:以前|之前|原来|早先)听(?:人)?说"
)
#: A year as firms write it (2022年, 22年) — not a length of time (成立10年, 满3年, 10年以上).
_YEAR = re.compile(r"(?<![\d满近第前后共])(20\d{2}|1[5-9]|[23]\d)\s*年(?!以|内|多|来|左右|期|限|间)")
#: A year said digit by digit ("二三年那版", "二零二三年的办法", "二零二四版的"), read as 23年 / 2023年.
_SPOKEN_YEAR = re.compile(
    r"(?<![零〇一二三四五六七八九十百两])((?:二[零〇])?[一二][零〇一二三四五六七八九])(?:年|(?=版))"
)
#: A version named by its year ("2024版人才租房补贴", "23版专利资助"): that year's document.
_VERSION_YEAR = re.compile(r"(?<!\d)(20\d{2}|[12]\d)(?=版)")
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
    one of its subject terms, read through the lexicon on both sides ("二三年那版物流政策" of
    "…现代物流业发展扶持办法", "23年入限办法" of "…商贸企业入限纳统奖励办法")."""
    title = str(policy.get("title") or "")
    if any(title[i : i + TITLE_RUN] in question for i in range(len(title) - TITLE_RUN + 1)):
        return True
    terms = subject_terms(normalize_query(question))
    # both sides as the lexicon reads them: "入限" said, "纳入限额以上" meant, and the title says 入限
    titles = (title, normalize_query(title))
    return any(
        len(term) >= 2 and any(term in t for t in titles) and not _KIND_OF_DOCUMENT.match(term)
        for term in terms
    )


#: Words a provisional document's title carries ("…扶持暂行办法", "…试行办法"), each as questions say it,
#: speech slips before 办法 included ("专利资助咱行办法", "赞行办法", "是行办法"): said by a question, they
#: name that document, which a later one in force replaced.
_PROVISIONAL = {
    "暂行": re.compile(r"暂行|[暂咱赞站占战攒][行型形刑](?=办法|规定|细则)"),
    "试行": re.compile(r"试行|[试是事市式][行型形](?=办法|规定|细则)"),
}


def points_back(question: str, policy: dict[str, Any]) -> bool:
    """Whether the question points back at an earlier rule ("老的那个", "以前是", "当时"), names a year
    ``policy`` was still in force ("23年出的那个…办法", "2022年兑现的", "2024版的") or the provisional
    status its title gives it ("物流暂行办法买冷藏车每辆补一万，现在还能报吗" of "…物流企业扶持暂行办法")."""
    if EARLIER.search(question):
        return True
    title = str(policy.get("title") or "")
    if any(word in title and spoken.search(question) for word, spoken in _PROVISIONAL.items()):
        return True
    until = str(policy.get("valid_until") or "")[:4]
    said = _SPOKEN_YEAR.sub(lambda m: "".join(_DIGIT[c] for c in m.group(1)) + "年", question)
    said = _VERSION_YEAR.sub(r"\1年", said)
    years = [int(y) if len(y) == 4 else 2000 + int(y) for y in _YEAR.findall(said)]
    return bool(until.isdigit() and any(year <= int(until) for year in years))


def asks_about_the_old(question: str, expired: dict[str, Any]) -> bool:
    """Whether the question is about the expired policy itself, not the rule in force: it names its
    document number, points back, or names a year it was in force."""
    return names_document_number(question, expired) or points_back(question, expired)


#: Words naming a document as such ("23年的那个文件", "老版", "按老办法"): with a year it was in force or an
#: "old", the question is about an earlier document, whatever words of its title it uses.
_A_DOCUMENT = re.compile(
    r"文件|老版|旧版|那版|那一版|版本|红头"
    r"|[老旧]的?(?!年|旧|厂|房|小区|城|街|村)[\u4e00-\u9fff]{0,8}?(?:办法|政策|规定|措施|通知|细则|方案)"
)


def names_it(question: str, policy: dict[str, Any]) -> bool:
    """Whether a question that points back at ``policy`` names it: words of its title, or the document
    itself ("听说有个23年的限上奖励文件…", "老版入限奖多少" — found among the hits by its subject)."""
    return names_title(question, policy) or bool(_A_DOCUMENT.search(question))


#: How far down the reranked clauses an expired policy the question points back at is looked for.
OLD_DOCUMENT_DEPTH = 5


def old_document_first(
    question: str,
    ranked: list[tuple[int, float]],
    policy_of: Callable[[int], str],
    policies: Mapping[str, Mapping],
    expired: Callable[[Mapping], bool],
) -> tuple[list[tuple[int, float]], bool]:
    """``ranked`` (``[(chunk id, score)]``, best first) with the best clause of the expired policy the
    question points back at and names moved first (sharing the best score), and whether there was one.

    That policy is one among the first :data:`OLD_DOCUMENT_DEPTH` clauses, or one that a policy among
    them replaced: "老版入限奖多少" finds the policy in force first, yet asks about the one before it.
    """
    if not ranked:
        return ranked, False
    top = [policy_of(cid) for cid, _ in ranked[:OLD_DOCUMENT_DEPTH]]
    candidates = list(dict.fromkeys(top)) + [
        pid for pid, meta in policies.items() if meta.get("replaced_by") in top and pid not in top
    ]
    target = next(
        (
            pid
            for pid in candidates
            if expired(policies[pid])
            and points_back(question, policies[pid])
            and names_it(question, policies[pid])
        ),
        None,
    )
    at = next((i for i, (cid, _) in enumerate(ranked) if policy_of(cid) == target), None)
    if target is None or at is None:
        return ranked, False
    if at == 0:
        return ranked, True
    best = ranked[0][1]
    moved = ranked[at]
    return [(moved[0], best), *[pair for i, pair in enumerate(ranked) if i != at]], True

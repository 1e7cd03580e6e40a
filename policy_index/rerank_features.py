"""Features of one (question, candidate clause) pair for the learned reranker.

Every feature is relative to the query or to the collection, never an absolute count that changes
with the collection's size, so a ranker trained on the shipped district collection carries over to
another one. Groups:

* channel scores — fused (RRF) score and rank, dense cosine of the clause (exact, from the stored
  vectors) and its gap to the best candidate, BM25 as a share of the most this query can score in
  the collection (``lex_norm``) and as a share of the best candidate, ranks in both channels;
* title — cosine of the question with the policy title alone (titles are embedded at build time),
  character-bigram overlap with the title (normalised as the question is), the document number or
  issuing year named in the question;
* policy evidence — how many of the policy's clauses each channel puts near the top, the policy's best
  cosine among the candidates, key-term coverage anywhere in the policy;
* clause content — weighted key-term coverage of the clause text, of its headings, numerals of the
  question found in the clause, character-bigram overlap, position in the policy, length; and the
  coverage the clause has only inside the titles it quotes (``cov_quoted``): "已按《…就业见习…通知》享受
  见习补贴的人员，不得申请本办法补贴" names 见习 only to send the firm to that other policy;
* validity — the policy is superseded (expired, and the collection holds the policy that replaces it),
  and whether the question asks about an old/previous rule. An expired policy nothing replaces is still
  the only answer there is ("我们厂有几个职工考了高级工证" to a collection whose skills subsidy ran out):
  it is not marked down, the answer says it has expired;
* aspect — the clause covers what the question asks for (amount, conditions, materials, procedure …;
  :mod:`policy_index.aspects`), and the aspect asked last in particular.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from policy_index.aspects import clause_aspects
from policy_index.normalize import normalize_passage
from policy_index.referral import without_quoted_titles

__all__ = [
    "FEATURE_NAMES",
    "TITLE_VECTORS",
    "PolicyView",
    "QueryView",
    "candidate_features",
    "names_document",
    "normalized_title",
]

#: Title vectors (of the normalised titles) in ``policies.json`` order, written into the index folder by
#: the build.
TITLE_VECTORS = "title_vectors.npy"

FEATURE_NAMES: tuple[str, ...] = (
    "fused",
    "fused_rank",
    "dense",
    "dense_gap",
    "dense_rank",
    "lex_norm",
    "lex_rel",
    "lex_rank",
    "title_cos",
    "title_cos_gap",
    "title_bigram",
    "doc_no",
    "year",
    "pol_dense_gap",
    "pol_dense_hits",
    "pol_lex_hits",
    "pol_best_rank",
    "pol_cov",
    "cov_clause",
    "cov_text",
    "cov_head",
    "cov_quoted",
    "numerals",
    "bigram_text",
    "position",
    "first",
    "length",
    "superseded",
    "old_cue",
    "superseded_old",
    "aspect_match",
    "aspect_first",
)

_NUMERAL = re.compile(r"\d+(?:\.\d+)?")
#: A year as written (2023年, 〔2023〕, 2025-04-10), not an amount ("设备投了2000万", "2010元").
_YEAR = re.compile(
    r"(?<![\d.])(20\d\d)(?![\d.]|\s*(?:万|亿|元|千|百|块|%|平|亩|人|名|家|吨|方|台|套|辆|个|米|间|倍))"
)
_OLD_CUE = re.compile(r"老版|老的|原来|以前|之前|旧|当时|前年|去年|过去|早先|上一版|原先")
_DOC_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,8})[〔\[［(（]")
#: Candidates within this many places of the top count as "near the top" for policy evidence.
NEAR_TOP = 20
#: Rank given to a candidate a channel did not return.
MISSING_RANK = 200


@functools.lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    """Character bigrams of a text (whitespace dropped); cached: titles and clauses recur."""
    chars = "".join(text.split())
    return frozenset(chars[i : i + 2] for i in range(len(chars) - 1))


@functools.lru_cache(maxsize=4096)
def normalized_title(title: str) -> str:
    """A policy title in the normalised form questions and clauses have (首贷 → 首次贷款, 高企 → 高新技术
    企业): what its vector is encoded from and its bigrams are counted in."""
    return normalize_passage(title)


def _title_bigrams(title: str) -> frozenset[str]:
    return _bigrams(normalized_title(title))


def _coverage(terms: dict[str, float], text: str) -> float:
    total = sum(terms.values())
    return sum(w for t, w in terms.items() if t in text) / total if total else 0.0


@dataclass
class QueryView:
    """What the features need about one query and its retrieval."""

    normalized: str
    terms: dict[str, float]
    vector: np.ndarray | None
    fused: Sequence[tuple[int, float]]
    lex_ids: Sequence[int]
    lex_scores: dict[int, float]
    lex_ideal: float
    dense_ids: Sequence[int]
    aspects: Sequence[str] = ()


@dataclass
class PolicyView:
    """What the features need about the collection (provided by the loaded index)."""

    chunks: Sequence[dict]
    policies: dict[str, dict]
    chunk_policy: np.ndarray
    vectors: np.ndarray
    title_vectors: dict[str, np.ndarray]
    chunk_text: Callable[[int], str]
    policy_text: Callable[[str], str]
    policy_range: Callable[[str], tuple[int, int]]
    superseded: Callable[[str], bool]


def _chunk_aspects(chunk: dict) -> Sequence[str]:
    if "aspects" in chunk:
        return chunk["aspects"]
    return clause_aspects(chunk["text"], chunk.get("heading_path", ()))


def _aspect_match(asked: Sequence[str], chunk: dict) -> float:
    """+1: the clause has an aspect the question asks for; -1: it asks for some, none here; 0: none asked."""
    if not asked:
        return 0.0
    return 1.0 if set(asked) & set(_chunk_aspects(chunk)) else -1.0


def _year_match(normalized: str, meta: dict) -> float:
    years = set(_YEAR.findall(normalized))
    if not years:
        return 0.0
    own = set(_YEAR.findall(str(meta.get("issued") or ""))) | set(
        _YEAR.findall(str(meta.get("doc_no") or ""))
    )
    return 1.0 if years & own else -1.0


#: A document number's parts: issuer prefix, year and number (平商发〔2023〕7号).
_DOC_PARTS = re.compile(r"^([\u4e00-\u9fff]{2,8})[〔\[［(（](20\d\d)[〕\]］)）]第?(\d{1,5})号")


def names_document(normalized: str, meta: dict) -> bool:
    """The question names the policy's whole document number, as firms write it: 平商发2023年7号文,
    平商发〔2023〕7号 (prefix, year and number in that order)."""
    match = _DOC_PARTS.match(str(meta.get("doc_no") or ""))
    if not match:
        return False
    prefix, year, number = match.groups()
    return re.search(rf"{prefix}\D{{0,2}}{year}\D{{0,2}}0*{number}号", normalized) is not None


def _doc_no_match(normalized: str, meta: dict) -> float:
    match = _DOC_PREFIX.match(str(meta.get("doc_no") or ""))
    return float(bool(match) and match.group(1) in normalized)


def candidate_features(view: PolicyView, query: QueryView, candidates: Sequence[int]) -> np.ndarray:
    """One feature row (:data:`FEATURE_NAMES` order) per candidate chunk id."""
    n = len(candidates)
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float32)
    if not n:
        return out
    cand = np.asarray(candidates, dtype=np.int64)
    fused_rank = {cid: r for r, (cid, _) in enumerate(query.fused)}
    fused_score = dict(query.fused)
    top_fused = query.fused[0][1] if query.fused else 1.0
    lex_rank = {cid: r for r, cid in enumerate(query.lex_ids)}
    dense_rank = {cid: r for r, cid in enumerate(query.dense_ids)}
    dense = view.vectors[cand] @ query.vector if query.vector is not None else np.zeros(n, dtype=np.float32)
    best_dense = float(dense.max())
    lex_top = query.lex_scores[query.lex_ids[0]] if query.lex_ids else 0.0
    pids = [view.chunks[c]["policy_id"] for c in cand]
    near_dense = Counter(int(view.chunk_policy[c]) for c in query.dense_ids[:NEAR_TOP])
    near_lex = Counter(int(view.chunk_policy[c]) for c in query.lex_ids[:NEAR_TOP])
    pol_best_dense: dict[str, float] = {}
    pol_best_rank: dict[str, int] = {}
    for i, pid in enumerate(pids):
        pol_best_dense[pid] = max(pol_best_dense.get(pid, -1.0), float(dense[i]))
        pol_best_rank[pid] = min(
            pol_best_rank.get(pid, MISSING_RANK), fused_rank.get(int(cand[i]), MISSING_RANK)
        )
    title_cos = {
        pid: float(view.title_vectors[pid] @ query.vector)
        if query.vector is not None and pid in view.title_vectors
        else 0.0
        for pid in pol_best_dense
    }
    best_title = max(title_cos.values())
    q_bigrams = _bigrams(query.normalized)
    old_cue = float(bool(_OLD_CUE.search(query.normalized)))
    pol_cov = {pid: _coverage(query.terms, view.policy_text(pid)) for pid in pol_best_dense}
    nums = _NUMERAL.findall(query.normalized)
    doc_no = {pid: _doc_no_match(query.normalized, view.policies[pid]) for pid in pol_best_dense}
    year = {pid: _year_match(query.normalized, view.policies[pid]) for pid in pol_best_dense}
    title_bigram = {
        pid: len(q_bigrams & _title_bigrams(view.policies[pid]["title"])) / max(1, len(q_bigrams))
        for pid in pol_best_dense
    }
    superseded_of = {pid: float(view.superseded(pid)) for pid in pol_best_dense}
    range_of = {pid: view.policy_range(pid) for pid in pol_best_dense}
    for i, cid in enumerate(cand.tolist()):
        pid = pids[i]
        chunk = view.chunks[cid]
        number = int(view.chunk_policy[cid])
        text = view.chunk_text(cid)
        body = chunk["text"]
        lex = query.lex_scores.get(cid, 0.0)
        superseded = superseded_of[pid]
        lo, hi = range_of[pid]
        out[i] = (
            fused_score.get(cid, 0.0) / top_fused if top_fused else 0.0,
            math.log1p(fused_rank.get(cid, MISSING_RANK)),
            float(dense[i]),
            float(dense[i]) - best_dense,
            math.log1p(dense_rank.get(cid, MISSING_RANK)),
            lex / query.lex_ideal if query.lex_ideal > 0 else 0.0,
            lex / lex_top if lex_top > 0 else 0.0,
            math.log1p(lex_rank.get(cid, MISSING_RANK)),
            title_cos[pid],
            title_cos[pid] - best_title,
            title_bigram[pid],
            doc_no[pid],
            year[pid],
            pol_best_dense[pid] - best_dense,
            near_dense.get(number, 0) / NEAR_TOP,
            near_lex.get(number, 0) / NEAR_TOP,
            math.log1p(pol_best_rank[pid]),
            pol_cov[pid],
            _coverage(query.terms, text),
            cov_body := _coverage(query.terms, body),
            _coverage(query.terms, " ".join(chunk["heading_path"])),
            cov_body - _coverage(query.terms, without_quoted_titles(body)),
            sum(1 for x in nums if x in text) / len(nums) if nums else 0.0,
            len(q_bigrams & _bigrams(body)) / max(1, len(q_bigrams)),
            (cid - lo) / max(1, hi - lo - 1),
            float(cid == lo),
            math.log1p(len(body)),
            superseded,
            old_cue,
            superseded * old_cue,
            _aspect_match(query.aspects, chunk),
            float(bool(query.aspects) and query.aspects[0] in _chunk_aspects(chunk)),
        )
    return out

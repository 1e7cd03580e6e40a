"""Signals of the ``answerable`` decision, each relative to the collection or to the query itself.

A fixed cosine threshold does not carry over to another collection or another embedding model, and a
question about a tax or programme the collection never mentions (车辆购置税, 以工代训 …) can still land
close to a related clause. So besides the dense score the decision looks at *what the question
names*:

* ``key_terms`` — the question's content words (jieba, domain dictionary), weighted by how specific
  they are in general Chinese (``log(total / frequency)`` from jieba's dictionary; terms of the
  domain dictionary and words jieba has never seen count as fully specific); the words of the firm's
  own trade ("我们是做电解液的") that the collection never says are left out when the question names
  something else (:meth:`Signals.read`), as are where the firm is (街道) and its word for itself;
  the *subject* (below) also leaves out the district's own towns, streets and landmarks when the index is
  loaded with its zones file (:meth:`Signals.less_local_names`);
* ``unseen`` — weighted share of those terms that occur nowhere in the collection (document frequency 0
  in the BM25 vocabulary, computed at build time);
* ``top_cov`` — weighted share of the terms present in the best clause (from the BM25 postings);
* ``lex_norm`` — the best BM25 score as a share of the most this query could score in this collection
  (sum over its terms of their highest BM25 weight in any clause): collection-relative, in [0, 1];
* ``dense_top`` / ``dense_gap`` — cosine of the best clause, and its margin over the mean of the other
  candidates (query-relative: cancels the model's overall cosine level);
* ``agree`` — the lexical and dense channels put the same policy first;
* ``subject_cov`` / ``subject_unseen`` — the same two shares over the question's *subject* only: its
  key terms once the words that say what is asked for are taken out (有什么补贴, 奖励多少, 怎么申请 …:
  the question patterns of :mod:`policy_index.aspects`). "火星上开公司有什么补贴" is about 火星; a
  clause that shares only 补贴 with it covers none of its subject (``top_cov`` counts 补贴 and sees
  60 %). A question with no subject terms left ("怎么申请") counts as covered; a subject term the clause
  writes in full counts as covered (文旅 in 文化旅游, 标煤 in 标准煤: :func:`said_in`), and the factory
  owner's words for the firm (厂子, 厂里) are no more a subject than 企业 or 公司;
* ``subject_pol_cov`` — ``subject_cov`` over the best hit's whole *policy*: a question on an aspect
  ("高企奖励现在还能报吗") is answered by a clause (申报时间) that does not repeat the programme its policy
  is about;
* ``programme_gap`` — 1 when a programme the question names (a subject term of the domain dictionary) is
  said nowhere in the best hit's *policy*, or the question names a level (市级, 四星级) the policy leaves
  out (:mod:`policy_index.programme_gap`);
* ``foreign_place`` — the question names a place (jieba tag ``ns``) that the collection never mentions,
  other than where the firm exhibits or sells (去广州参加广交会, 出口到欧洲).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import yaml

from policy_index.aspects import BENEFIT_WORDS, QUESTION_PATTERNS
from policy_index.divisions import (
    counties_of,
    division_names,
    prefecture_of_division,
    province_of_division,
    short_name,
    short_names,
)
from policy_index.lexical import STOPWORDS, LexicalIndex
from policy_index.normalize import LEXICON_DIR, dictionary_words, place_tagger, tokenizer
from policy_index.programme_gap import programme_gap

__all__ = ["Signals", "domain_terms", "key_terms", "subject_terms"]

_HAN_OR_ALNUM = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]")
#: Question words and fillers too generic to name a topic (on top of the BM25 stopwords).
_GENERIC = frozenset(
    [
        "现在",
        "还",
        "还能",
        "还有",
        "能否",
        "申请",
        "办理",
        "怎么办",
        "什么时候",
        "哪里",
        "可以吗",
        "一下",
        "请问",
        "想问",
        "问一下",
        "咨询",
        "一般",
        "具体",
        "情况",
        "政策",
        "规定",
        "标准",
        "要求",
        "条件",
        "相关",
        "需要",
        "应该",
        "多久",
        "多长时间",
        "有没有",
        "会不会",
        "一个",
        "这个",
        "那个",
        "我家",
        "我司",
        "我们公司",
        "街道",  # where the firm is ("在湛郎街道"), never what it asks about
        "县里",  # who pays, as 区里 and 市里 (which the tokenizer leaves out already)
        "镇街",
        "厂子",  # how a factory owner says 企业: "我们厂子", "厂里"
        "厂里",
        "多少钱",
        "企业",
        "单位",
        "公司",
        "本",
        "今年",
        "去年",
        "明年",
        "每年",
        "每月",
        "时候",
        "为什么",
        "知道",
        "告诉",
        "关于",
        "方面",
        "问题",
    ]
)


@functools.cache
def domain_terms() -> frozenset[str]:
    """Words of the domain dictionary (programme and benefit names: always specific)."""
    return frozenset(dictionary_words())


#: jieba part-of-speech tags of words that can name a topic (nouns, names, abbreviations, idioms).
_TOPIC_TAGS = frozenset({"n", "nz", "nt", "nr", "vn", "l", "j", "eng"})


#: Last characters of Chinese administrative-division names (省, 市, 区, 县 …).
_DIVISION_SUFFIXES = frozenset("省市区县镇乡州旗盟")
#: Prefecture-level cities of each province (shared data).
PROVINCES_PATH = LEXICON_DIR / "provinces.yaml"


@functools.cache
def _place_words() -> frozenset[str]:
    """Administrative place names: words jieba tags ``ns`` that end in a division suffix (南山区, 苏州市),
    bare names jieba tags ``ns`` whose suffixed form is such a word too (深圳 → 深圳市), and the full
    names of the prefectures and counties of :mod:`policy_index.divisions` (宿豫区, 临清市).

    jieba's ``ns`` tag alone is noisy (城建, 河里, 南北, 广角 …): a question about 城建税 must not
    count as naming another region. A county's bare name that jieba does not know as a place (临清,
    掇刀) counts only when said as a region (:func:`_said_as_a_region`): many are words (三台, 大厂, 小店).
    """
    tagged = {word for word, tag in place_tagger().word_tag_tab.items() if tag == "ns" and len(word) >= 2}
    divisions = {w for w in tagged if w[-1] in _DIVISION_SUFFIXES and len(w) >= 3}
    bare = {word for word in tagged if any(word + s in divisions for s in "省市县区")}
    return frozenset(divisions | bare | {name for name in division_names() if len(name) >= 3})


#: How often (jieba's dictionary count) a county's bare name may be used as a word and still be read as
#: the county when said as a region: 临清 (117) and 掇刀 (0) are places; 解放 (4855) and 向阳 (671) are
#: words, or streets and villages of many districts.
_RARE_WORD = 300


@functools.cache
def _rare_county_names() -> frozenset[str]:
    """Bare county names (:func:`policy_index.divisions.short_names`) rarely used as words."""
    frequency = tokenizer().FREQ
    return frozenset(name for name in short_names() if frequency.get(name, 0) < _RARE_WORD)


#: A town or street office of the collection named in the question ("在新安镇…"): the firm is local.
_LOCAL_SUFFIXES = ("镇", "乡", "街道", "县", "区")
#: A township address ("吕仙亭街道", "康庄镇", as jieba cuts them): counties are never 镇, 乡 or 街道.
_TOWNSHIP = frozenset({"镇", "乡", "街道"})
#: A county's suffix cut from its name ("江津" + "区"): no town of the collection.
_COUNTY_SUFFIXES = frozenset({"区", "县"})
#: What follows a bare place name used as a verb or inside a street name: 新建了, 兴安路, 古城里, 东湖街.
_AFTER_A_WORD = frozenset("了过着个路街里巷道村弄桥")


#: What follows a bare place name said as a region: "掇刀那边的厂房补贴", "临清一带".
_AS_A_REGION = re.compile(r"那边|这边|那儿|那里|一带")


def _ends(place: str, normalized: str) -> list[int]:
    """Where each mention of ``place`` in ``normalized`` ends."""
    return [m.end() for m in re.finditer(re.escape(place), normalized)]


def _said_as_a_region(place: str, normalized: str) -> bool:
    """Whether the bare place name is somewhere followed by 那边 / 这边 / 一带 …: a region, even when the
    question also names a town of the collection ("掇刀那边的补贴，我们东宝的企业能申请吗")."""
    return any(_AS_A_REGION.match(normalized, end) for end in _ends(place, normalized))


def _not_a_region(place: str, normalized: str) -> bool:
    """Whether the bare place name is, wherever the question says it, a word or part of a street name
    (followed by 了, 路, 街, 里 …), not a region."""
    ends = _ends(place, normalized)
    return bool(ends) and all(end < len(normalized) and normalized[end] in _AFTER_A_WORD for end in ends)


#: How a province's full name ends (广东省, 广西壮族自治区, 北京市).
_PROVINCE_SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区")
#: What may follow a prefecture's name (苏州市, 延边朝鲜族自治州, 大兴安岭地区).
_PREFECTURE_SUFFIX = re.compile(r"市|地区|盟|州|(?:[\u4e00-\u9fff]{1,4}族)*自治州")


@functools.cache
def _provinces() -> dict[str, str]:
    """Prefecture-level city → its province, from ``data/lexicon/provinces.yaml``."""
    data = yaml.safe_load(PROVINCES_PATH.read_text(encoding="utf-8")) or {}
    return {city: province for province, cities in data.items() for city in cities or ()}


@functools.cache
def cities_of(province: str) -> tuple[str, ...]:
    """The prefecture-level cities of a province (short names)."""
    return tuple(city for city, owner in _provinces().items() if owner == province)


def _prefecture(place: str) -> str | None:
    """The prefecture-level city a place name is (苏州, 苏州市 → 苏州), or None."""
    cities = _provinces()
    if place in cities:
        return place
    return next(
        (
            place[:cut]
            for cut in range(2, len(place))
            if place[:cut] in cities and _PREFECTURE_SUFFIX.fullmatch(place[cut:])
        ),
        None,
    )


def province_of(place: str) -> str | None:
    """The province (short name, 江苏) a prefecture-level city lies in (苏州, 苏州市), or None."""
    city = _prefecture(place)
    return _provinces()[city] if city else None


#: Said just before a place the firm sells to ("出口到欧洲", "卖到中东") …
_SOLD_TO = re.compile(r"(?:出口|销售?|卖|发|运)(?:到|往|至)$|销往$|出口$")
#: … or just after a place it exhibits in ("德国参展", "广州参加广交会", "上海乐器展", "上海进博会").
_EXHIBITS_IN = re.compile(
    r"^(?:参加|参展|办展|参会"
    r"|的?[\u4e00-\u9fff]{0,6}?(?:展会|展览会|博览会|交易会|展销会|洽谈会|博会|交会|展)"
    r"(?:位|台|费|期间|上|$|[，,。？?！!吗呢能有的要可补])"
    r")"
)
#: … or a place that only names a partner the firm deals with: a university or bank called after its
#: city or region, in full or as people shorten it ("付给湘潭大学的技术转让费", "从东北农大买了项技术",
#: "内蒙古科大的专利"), a company there ("和长沙一家关联公司签了技术合同").
_PARTNER_IN = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}?(?:大学|学院)|[农工师交医财科理林药]大|理工|师范|研究院|研究所|科学院"
    r"|银行|医院|海关"
    r"|的?(?:[一1][家所个]|某家?)[\u4e00-\u9fff]{0,4}?(?:公司|企业|客户|高校|大学|院所|厂家|供应商|机构|旅行社))"
)


def named_as_destination(place: str, text: str) -> bool:
    """Whether every mention of ``place`` in ``text`` is where the firm exhibits or sells, names a
    partner there (湘潭大学, 长沙一家公司) or where it comes from (从郑州搬过来), not where the firm is: a
    place there is no reason to abstain on (the collection's export, trade-fair, relocation and
    technology-transfer policies name no such place)."""
    starts = [m.start() for m in re.finditer(re.escape(place), text)]
    return bool(starts) and all(
        _SOLD_TO.search(text[max(0, i - 4) : i])
        or text.endswith("从", 0, i)
        or _EXHIBITS_IN.match(after := text[i + len(place) :])
        or _PARTNER_IN.match(after)
        for i in starts
    )


def key_terms(normalized: str) -> dict[str, float]:
    """Topic words of a normalised question (domain terms, nouns) with their specificity (0 … 1).

    Args:
        normalized: the question after :func:`policy_index.normalize.normalize_query`.

    Returns:
        ``{term: weight}``; verbs, numerals, generic words, stopwords and single characters are left
        out.
    """
    tok = tokenizer()
    tags = place_tagger().word_tag_tab
    ceiling = math.log(tok.total)
    terms: dict[str, float] = {}
    for word in tok.lcut(normalized, HMM=False):  # no HMM: unknown runs stay single characters
        if len(word) < 2 or word in STOPWORDS or word in _GENERIC or not _HAN_OR_ALNUM.search(word):
            continue
        freq = tok.FREQ.get(word, 0)
        if word in domain_terms() or freq <= 0:
            weight = 1.0
        elif tags.get(word) not in _TOPIC_TAGS:
            continue
        else:
            weight = max(0.0, math.log(tok.total / freq)) / ceiling
        terms[word] = max(terms.get(word, 0.0), weight)
    return terms


#: What the firm says it makes or runs: "我们公司做医药中间体的", "我们是做电解液的", "我是开饭店的",
#: also where: "我们是新村街道做装修材料批发的", "我们七星这边做电商的", "我们在开发区开饭店的"; a trade
#: said without 的 where a trade word ends it ("我们在北关做建材批发，"); the firm it has ("我们在向阳里有个
#: 果蔬批发公司").
_FIRM_TRADE = re.compile(
    r"(?:我们|我|公司|企业|厂|咱|我司)(?:公司|厂|合作社)?(?:是|是个|是一家|家是)?"
    r"(?:在?[^，,。；;！!？?\s]{1,8}?(?:那边|这边|那里|这里|街道|镇|乡|村|园区|园|区)(?:里|上)?"
    r"|在[^，,。；;！!？?\s]{2,6}?)?"
    r"(?:做|搞|干|从事|开|种|养)"
    r"(?:[^，,。；;！!？?\s]{1,10}?的|[^，,。；;！!？?\s]{0,8}?(?:批发|零售|生意|买卖|贸易)(?=[，,。；;！!？?\s]))"
    r"|(?:我们|我|咱)(?:在[^，,。；;！!？?\s]{1,8}?)?有(?:个|家|一家|一个)[^，,。；;！!？?\s]{1,10}?"
    r"(?:公司|厂|店|合作社|门店)"
)


def firm_trade_terms(normalized: str) -> set[str]:
    """Key terms of what the firm says it makes or runs (:data:`_FIRM_TRADE`): who the firm is."""
    return {t for span in _FIRM_TRADE.findall(normalized) for t in key_terms(span)}


def _less_unseen_trade(
    terms: dict[str, float], subject: dict[str, float], trade: frozenset[str], seen: Callable[[str], bool]
) -> tuple[dict[str, float], dict[str, float]]:
    """The key and subject terms without the words of the firm's own trade that the collection never
    says ("医药中间体" of "我们公司做医药中间体的，今年评上了高企，奖多少": who the firm is, not what it
    asks), when the subject keeps a term of its own; unchanged otherwise ("我们是做跨境电商的，有啥补贴"
    asks about the trade itself)."""
    trade = {t for t in trade if not seen(t)}
    if not trade or not set(subject) - trade:
        return terms, subject
    return (
        {t: w for t, w in terms.items() if t not in trade},
        {t: w for t, w in subject.items() if t not in trade},
    )


def _programmes(subject: dict[str, float], trade: frozenset[str]) -> list[str]:
    """The subject terms that name a programme (:func:`domain_terms`), less the firm's own ``trade`` when
    the subject has a term of its own: 批发 of "我们是做装修材料批发的，贷款利息能补吗" says who asks."""
    if not set(subject) - trade:
        trade = frozenset()
    return [t for t in subject if t in domain_terms() and t not in trade]


@functools.lru_cache(maxsize=4)
def _local_name_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """The district's place names, longest first (马军营乡 before 马军营), less those that name a programme
    themselves (综合保税区); ``None`` when there are none."""
    kept = sorted((n for n in names if len(n) >= 2 and n not in domain_terms()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, kept))) if kept else None


def subject_terms(normalized: str) -> dict[str, float]:
    """Key terms of what the question is about: :func:`key_terms` of the question once the words that
    say what is asked for (amount, conditions, procedure … as matched by
    :data:`policy_index.aspects.QUESTION_PATTERNS`) are blanked out, less the terms that only name a
    benefit (:data:`policy_index.aspects.BENEFIT_WORDS`: 补贴, 奖励 …; 稳岗返还 and 社保补贴 stay).

    Args:
        normalized: the question after :func:`policy_index.normalize.normalize_query`.
    """
    for pattern in QUESTION_PATTERNS.values():
        normalized = pattern.sub(" ", normalized)
    return {t: w for t, w in key_terms(normalized).items() if BENEFIT_WORDS.sub("", t)}


#: Longest gap (characters) between two characters of an abbreviation in the full form it shortens.
_ABBREVIATION_GAP = 2


@functools.cache
def _abbreviation_pattern(term: str) -> re.Pattern[str] | None:
    """A pattern for the full forms a Han term of 2–4 characters may shorten: its characters in order
    with at most two others between each (文旅 → 文化旅游, 标煤 → 标准煤, 经开区 → 经济开发区)."""
    if not 2 <= len(term) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in term):
        return None
    gap = f"[\u4e00-\u9fff]{{0,{_ABBREVIATION_GAP}}}"
    return re.compile(gap.join(re.escape(c) for c in term))


#: A general-dictionary word this rare (jieba frequency) is a phrase the dictionary happened to list
#: ("租厂房", "交租金"), not a term of its own.
_RARE_PHRASE = 5


@functools.cache
def _head_word(term: str) -> str | None:
    """The word a rare listed phrase ends with (租厂房 → 厂房, 交租金 → 租金), or None for any other term."""
    tok = tokenizer()
    if term in domain_terms() or not 0 < tok.FREQ.get(term, 0) <= _RARE_PHRASE:
        return None
    heads = [
        part
        for part in tok.lcut_for_search(term, HMM=False)
        if part != term and len(part) >= 2 and term.endswith(part) and tok.FREQ.get(part, 0) > _RARE_PHRASE
    ]
    return max(heads, key=len) if heads else None


def said_in(term: str, text: str) -> bool:
    """The term is in the text as written, as the full form it abbreviates (文旅 in 文化旅游), or, for a
    rare phrase the dictionary lists, as the word it ends with (租厂房 where the clause says 厂房)."""
    if term in text:
        return True
    head = _head_word(term)
    if head is not None and head in text:
        return True
    pattern = _abbreviation_pattern(term)
    return pattern is not None and pattern.search(text) is not None


def _shares(
    terms: dict[str, float], covered: Callable[[str], bool], seen: Callable[[str], bool]
) -> tuple[float, float]:
    """(weighted share of ``terms`` that are ``covered``, weighted share never ``seen``)."""
    total = sum(terms.values())
    if not total:
        return 0.0, 0.0
    cov = sum(w for t, w in terms.items() if covered(t))
    unseen = sum(w for t, w in terms.items() if not covered(t) and not seen(t))
    return cov / total, unseen / total


@dataclass(frozen=True)
class QuestionReading:
    """What one question names, read once per retrieval (:meth:`Signals.read`) and used by both the
    reranker's view and the answerable signals."""

    normalized: str
    terms: dict[str, float]  # key terms → weight
    subject: dict[str, float]  # the key terms that say what is asked about
    trade: frozenset[str]  # the firm's own trade (:func:`firm_trade_terms`)
    seen: Callable[[str], bool]  # the term occurs in the collection (cached)


class Signals:
    """Per-collection data for the signals (computed once when the index is loaded)."""

    def __init__(
        self,
        lexical: LexicalIndex,
        chunk_policy: np.ndarray,
        chunk_text: Callable[[int], str],
        policy_text: Callable[[int], str] | None = None,
    ) -> None:
        """``policy_text`` gives the whole text of a chunk's policy (default: the chunk's own text)."""
        self.lexical = lexical
        self.chunk_text = chunk_text
        self.policy_text = policy_text or chunk_text
        self.chunk_policy = chunk_policy
        #: The district's own towns, streets and landmarks (its zones file, when the index was loaded
        #: with one): "龙岗那边" is local where 龙岗街道 is a zone, whatever the policies say.
        self.local_names: frozenset[str] = frozenset()
        indptr, data = lexical._indptr, lexical._data
        # highest BM25 weight of each vocabulary id over all clauses (0 for an empty posting list)
        nonempty = indptr[:-1] < indptr[1:]
        best = np.zeros(len(indptr) - 1, dtype=np.float32)
        if len(data):
            best[nonempty] = np.maximum.reduceat(data, indptr[:-1][nonempty])
        self.best_weight = best

    @functools.cached_property
    def _phrase_tokens(self) -> dict[str, tuple[int, ...]]:
        """Every substring (2–8 characters) of every collection token → the vocabulary ids containing
        it: a term inside a longer word (专精特新 in 专精特新中小企业) is still in the collection."""
        index: dict[str, set[int]] = {}
        for token, tid in self.lexical.vocab.items():
            for i in range(len(token) - 1):
                for j in range(i + 2, min(len(token), i + 8) + 1):
                    index.setdefault(token[i:j], set()).add(tid)
        return {phrase: tuple(ids) for phrase, ids in index.items()}

    def _phrase_present(self, phrase: str, exclude: tuple[int, int] | None) -> bool:
        ids = self._phrase_tokens.get(phrase)
        if not ids:
            return False
        if exclude is None:
            return True
        lo, hi = exclude
        for tid in ids:
            chunks, _ = self.lexical.postings(tid)
            inside = int(np.searchsorted(chunks, hi) - np.searchsorted(chunks, lo))
            if len(chunks) > inside:
                return True
        return False

    def in_collection(self, term: str, exclude: tuple[int, int] | None = None) -> bool:
        """The term occurs in the collection: inside a token, or as a run of dictionary words.

        Args:
            term: a key term of the question.
            exclude: a range of chunk ids to ignore (leave-one-policy-out calibration).
        """
        if self._phrase_present(term, exclude):
            return True
        parts = [p for p in tokenizer().lcut(term, HMM=False) if len(p) >= 2]
        return len(parts) > 1 and all(self._phrase_present(p, exclude) for p in parts)

    def foreign_place(self, tokens: Sequence[str], normalized: str = "") -> bool:
        """The question names a place the collection never mentions, as where the firm is or what it
        asks about ("深圳南山区的高企奖励") — not where it exhibits or sells ("去广州参加广交会",
        "出口到欧洲": :func:`named_as_destination`, read in ``normalized``), and not a city of a province
        the collection names ("我们在苏州" to a collection of 江苏省 notices: :func:`province_of`).

        A bare name (no 市/区/县 …) is no region when it is a word or a street ("新建了个冷库", "兴安路",
        "古城里": :func:`_not_a_region`) or when the question names a town of the collection: "在新安镇兴安路"
        gives the firm's address there — unless it is said as a region ("掇刀那边的…":
        :func:`_said_as_a_region`).
        A division the tokenizer splits ("天涯" + "区", "龙" + "海区") is read whole."""
        places = _place_words()
        local = any(
            t in _TOWNSHIP or ((t in places or t.endswith(_LOCAL_SUFFIXES)) and self._names(t))
            for t in tokens
            if t not in _COUNTY_SUFFIXES
        )
        joined = [a + b for a, b in itertools.pairwise(tokens) if a + b in places and a + b in normalized]

        def names_a_foreign_region(t: str) -> bool:
            region = _said_as_a_region(t, normalized)
            return (
                (t in places or (region and t in _rare_county_names()))
                and not self._names(t)
                and not (
                    t[-1] not in _DIVISION_SUFFIXES and not region and (local or _not_a_region(t, normalized))
                )
                and not self._province_named(t)
                and not named_as_destination(t, normalized)
            )

        return any(names_a_foreign_region(t) for t in [*tokens, *joined])

    @functools.cached_property
    def _text(self) -> str:
        """The collection's clauses joined: a place is said there however the tokenizer cut its words."""
        return "\n".join(self.chunk_text(i) for i in range(len(self.chunk_policy)))

    @functools.cached_property
    def _said_places(self) -> dict[str, bool]:
        """Whether the collection's text says a place, per place asked so far: a scan of a large
        collection's text costs milliseconds, and few places are ever named."""
        return {}

    def _names(self, place: str) -> bool:
        """The collection says the place (观山湖 in 观山湖区, however jieba cut that), or the district
        has a zone or landmark of that name (龙岗 for 龙岗街道)."""
        if place in self.lexical.vocab or any(name.startswith(place) for name in self.local_names):
            return True
        said = self._said_places.get(place)
        if said is None:
            said = self._said_places[place] = place in self._text
        return said

    def _province_named(self, place: str) -> bool:
        """The place is a city of a province the collection names and the collection is about that
        province as a whole: it names none of the province's other cities as one (a 即墨区 collection names
        青岛市, so "济南的高企奖励" is still about another region; 深圳证券交易所 names no city). A county
        is also another region when the collection names another county of its prefecture (a 即墨区
        collection and "胶州的企业")."""
        province = province_of(place) or province_of_division(place)
        if province is None:
            return False
        vocab = self.lexical.vocab
        if not any(name in vocab for name in (province, *(province + s for s in _PROVINCE_SUFFIXES))):
            return False
        own = _prefecture(place)
        if own is None:  # a county: another county of its prefecture named makes the collection local
            prefecture = prefecture_of_division(place) or ""
            siblings = {n for n in counties_of(prefecture) if place not in (n, short_name(n))}
            if any(self._names(short_name(name)) for name in siblings):
                return False
            own = _prefecture(prefecture)
        return not any(city + "市" in vocab for city in cities_of(province) if city != own)

    def read(self, normalized: str, exclude: tuple[int, int] | None = None) -> QuestionReading:
        """What the question names, once per retrieval: its :func:`key_terms` and :func:`subject_terms`,
        less the words of the firm's own trade (:func:`firm_trade_terms`) this collection never says when
        the subject has a term of its own (:func:`_less_unseen_trade`); the subject also leaves out the
        district's own place names (:meth:`less_local_names`) unless they are all it has.

        Args:
            normalized: the normalised question.
            exclude: chunk-id range treated as absent from the collection (calibration only).
        """
        seen = functools.cache(lambda term: self.in_collection(term, exclude))
        trade = frozenset(firm_trade_terms(normalized))
        # a question only about a place ("孝泉古镇周末去耍有啥好吃的") keeps it: nothing else is its subject
        subject = subject_terms(self.less_local_names(normalized)) or subject_terms(normalized)
        terms, subject = _less_unseen_trade(key_terms(normalized), subject, trade, seen)
        return QuestionReading(normalized, terms, subject, trade, seen)

    def less_local_names(self, normalized: str) -> str:
        """``normalized`` with the district's own towns, streets and landmarks (:attr:`local_names`)
        blanked out: where the firm is ("我们是马军营那边做…的", "水泊寺的合作社") says who asks, not what
        it asks about, so a clause that never names the place still covers the question."""
        pattern = _local_name_pattern(self.local_names)
        return pattern.sub(" ", normalized) if pattern is not None else normalized

    def compute(
        self,
        reading: QuestionReading,
        tokens: Sequence[str],
        top_chunk: int | None,
        lex_ids: Sequence[int],
        lex_scores: dict[int, float],
        dense_ids: Sequence[int],
        dense_scores: dict[int, float],
    ) -> dict[str, float]:
        """All signals of one query (see the module docstring).

        Args:
            reading: what the question names (:meth:`read`).
            tokens: its BM25 tokens.
            top_chunk: the best hit of the ranking the decision is about (``None``: no hit).
            lex_ids / lex_scores: lexical candidates, best first, and their BM25 scores.
            dense_ids / dense_scores: dense candidates, best first, and their cosines.
        """
        normalized, terms, subject, seen = reading.normalized, reading.terms, reading.subject, reading.seen
        top_text = self.chunk_text(top_chunk) if top_chunk is not None else ""
        total = sum(terms.values())
        cov, unseen = _shares(terms, top_text.__contains__, seen)
        subject_cov, subject_unseen = _shares(subject, functools.partial(said_in, text=top_text), seen)
        programmes = _programmes(subject, reading.trade)
        policy_text = self.policy_text(top_chunk) if top_chunk is not None else ""
        dense = np.array([dense_scores[i] for i in dense_ids], dtype=np.float32)
        ids = self.lexical.token_ids(tokens)
        ideal = float(self.best_weight[ids].sum()) if len(ids) else 0.0
        lex_top = lex_scores[lex_ids[0]] if lex_ids else 0.0
        return {
            "dense_top": float(dense[0]) if len(dense) else 0.0,
            "dense_gap": float(dense[0] - dense[1:].mean()) if len(dense) > 1 else 0.0,
            "dense_z": float((dense[0] - dense.mean()) / (dense.std() + 1e-6)) if len(dense) > 2 else 0.0,
            "lex_norm": lex_top / ideal if ideal > 0 else 0.0,
            "key_terms": total,
            "unseen": unseen,
            "top_cov": cov,
            "subject_cov": subject_cov if subject else 1.0,
            "subject_unseen": subject_unseen,
            "subject_pol_cov": _shares(subject, functools.partial(said_in, text=policy_text), seen)[0]
            if subject
            else 1.0,
            "programme_gap": programme_gap(programmes, normalized, policy_text, said_in),
            "agree": float(
                bool(lex_ids and dense_ids)
                and self.chunk_policy[lex_ids[0]] == self.chunk_policy[dense_ids[0]]
            ),
            "foreign_place": float(self.foreign_place(tokens, normalized)),
        }

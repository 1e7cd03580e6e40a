"""Questions generated from a collection's own clauses (no hand labels).

Used to train the reranker beside the hand-written development questions and to fit the answerable
threshold of a new collection (:mod:`policy_index.self_calibrate`). A generated question is built as a
firm would ask about one clause:

1. pick the clause's most informative sentence (an amount, a condition or a procedure);
2. take two or three of its key terms (:func:`policy_index.signals.key_terms`), in a random subset;
3. wrap them in a colloquial template that matches what the sentence says (amount → 能补多少钱,
   condition → 需要什么条件, procedure → 怎么申请 …);
4. sometimes rewrite words the way firms say them (企业 → 公司, 给予 → 给) or replace one character by
   a homophone, as speech recognition does.

Everything is driven by one seeded ``random.Random``: the same collection gives the same questions.

:func:`off_subject_questions` builds the opposite case the same way: a clause's question whose subject
is swapped for a common noun the collection never mentions (钢琴, 航海 … from jieba's dictionary), its
benefit words and template kept ("钢琴能拿多少补贴"). No clause answers it, though it shares 补贴 and
the question form with many; the answerable model learns from them that a clause covering only what is
asked, not what it is about, is no answer.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pypinyin import lazy_pinyin

from policy_index.aspects import BENEFIT_WORDS
from policy_index.normalize import normalize_query, place_tagger, tokenizer
from policy_index.signals import domain_terms, key_terms

__all__ = ["GeneratedQuestion", "generate_questions", "off_subject_questions"]

#: Nouns used as an unrelated subject are common words (jieba dictionary frequency at least this).
COMMON_NOUN_FREQ = 200

_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|%|倍)|补贴|奖励|补助|资助|减免|返还|贴息|扣除")
_PROCEDURE = re.compile(r"申请|申报|提交|材料|办理|受理|审核|拨付|兑现|窗口|登录|平台")
_CONDITION = re.compile(r"符合|条件|满足|须|应当|具有|具备|认定|纳入|不得|以上|以下|以内")
_TEMPLATES = {
    "amount": (
        "{t}能补多少钱",
        "{t}给多少奖励",
        "{t}最多能拿多少",
        "我们公司{t}，能给多少",
        "{t}有补贴吗，标准是多少",
        "请问{t}怎么补",
    ),
    "procedure": (
        "{t}怎么申请",
        "{t}要准备什么材料",
        "{t}去哪里办",
        "{t}什么时候申报",
        "想办{t}，流程是啥",
    ),
    "condition": (
        "{t}需要什么条件",
        "我们公司{t}，符合条件吗",
        "什么样的企业能享受{t}",
        "{t}有啥要求",
    ),
    "other": (
        "{t}有什么政策",
        "关于{t}是怎么规定的",
        "{t}这个事怎么说",
        "问一下{t}",
    ),
}
_COLLOQUIAL = (
    ("企业", "公司"),
    ("给予", "给"),
    ("不超过", "最多"),
    ("补助", "补贴"),
    ("职工", "员工"),
    ("用人单位", "单位"),
    ("缴纳", "交"),
    ("享受", "拿到"),
)


@dataclass(frozen=True)
class GeneratedQuestion:
    """A question generated from one chunk."""

    q: str
    chunk_id: int
    policy_id: str
    clause: str
    kind: str


def _best_sentence(text: str) -> tuple[str, str]:
    """The sentence most worth asking about and what it is about (amount / procedure / condition)."""
    best, best_kind, best_score = "", "other", -1.0
    for sentence in _SENTENCE.findall(text):
        sentence = sentence.strip()
        if len(sentence) < 8:
            continue
        for kind, pattern, weight in (
            ("amount", _AMOUNT, 3.0),
            ("condition", _CONDITION, 2.0),
            ("procedure", _PROCEDURE, 1.5),
        ):
            hits = len(pattern.findall(sentence))
            score = weight * min(hits, 2) + min(len(sentence), 80) / 80
            if hits and score > best_score:
                best, best_kind, best_score = sentence, kind, score
        if best_score < 0:
            best, best_score = sentence, 0.0
    return best, best_kind


class _Noise:
    """Colloquial rewrites and homophone slips, from a seeded generator."""

    def __init__(self, rng: random.Random, alphabet: str) -> None:
        self.rng = rng
        by_sound: dict[str, list[str]] = defaultdict(list)
        for ch in sorted(set(alphabet)):
            if "\u4e00" <= ch <= "\u9fff":
                by_sound[lazy_pinyin(ch)[0]].append(ch)
        self.by_sound = {s: chars for s, chars in by_sound.items() if len(chars) > 1}

    def colloquial(self, text: str) -> str:
        for formal, casual in _COLLOQUIAL:
            if formal in text and self.rng.random() < 0.6:
                text = text.replace(formal, casual)
        return text

    def homophone(self, text: str) -> str:
        spots = [i for i, ch in enumerate(text) if lazy_pinyin(ch)[0] in self.by_sound]
        if not spots:
            return text
        i = self.rng.choice(spots)
        options = [c for c in self.by_sound[lazy_pinyin(text[i])[0]] if c != text[i]]
        return text[:i] + self.rng.choice(options) + text[i + 1 :] if options else text


def _picked_terms(chunk_text: str, title: str, rng: random.Random) -> tuple[list[str], str] | None:
    """Two or three key terms of the clause's best sentence (sometimes its title's), and the kind."""
    sentence, kind = _best_sentence(chunk_text)
    terms = sorted(key_terms(normalize_query(sentence)).items(), key=lambda kv: -kv[1])
    words = [t for t, _ in terms[:6]]
    if rng.random() < 0.3:  # a firm often names the programme (the title) rather than the clause
        words = [t for t, _ in sorted(key_terms(normalize_query(title)).items(), key=lambda kv: -kv[1])][
            :2
        ] + words
    if len(words) < 2:
        return None
    return rng.sample(words[:5], k=min(len(words[:5]), rng.choice((2, 2, 3)))), kind


def _question(
    chunk_text: str, title: str, rng: random.Random, noise: _Noise, homophone_rate: float
) -> tuple[str, str] | None:
    made = _picked_terms(chunk_text, title, rng)
    if made is None:
        return None
    picked, kind = made
    text = rng.choice(_TEMPLATES[kind]).format(t="".join(picked))
    text = noise.colloquial(text)
    if rng.random() < homophone_rate:
        text = noise.homophone(text)
    return text, kind


def generate_questions(
    chunks: Sequence[dict],
    titles: dict[str, str],
    *,
    per_chunk: int = 1,
    limit: int | None = None,
    seed: int = 0,
    homophone_rate: float = 0.2,
) -> list[GeneratedQuestion]:
    """Generated questions for (a seeded sample of) the chunks of a collection.

    Args:
        chunks: rows of ``chunks.jsonl`` (``policy_id``, ``clause``, ``text``), chunk id = position.
        titles: policy id → title.
        per_chunk: questions per sampled chunk.
        limit: sample at most this many chunks (all when ``None``).
        seed: the random seed (same seed, same questions).
        homophone_rate: share of questions with one character replaced by a homophone.
    """
    rng = random.Random(seed)
    ids = list(range(len(chunks)))
    if limit is not None and limit < len(ids):
        ids = sorted(rng.sample(ids, limit))
    noise = _Noise(rng, "".join(chunks[i]["text"] for i in ids[:2000]))
    out: list[GeneratedQuestion] = []
    for cid in ids:
        chunk = chunks[cid]
        if len(chunk["text"]) < 20:
            continue
        for _ in range(per_chunk):
            made = _question(chunk["text"], titles[chunk["policy_id"]], rng, noise, homophone_rate)
            if made:
                out.append(GeneratedQuestion(made[0], cid, chunk["policy_id"], chunk["clause"], made[1]))
    return out


def _unrelated_nouns(absent: Callable[[str], bool]) -> list[str]:
    """Common nouns of jieba's dictionary (2–3 characters) that ``absent`` says the collection lacks."""
    tok, tags = tokenizer(), place_tagger().word_tag_tab
    return sorted(
        word
        for word, tag in tags.items()
        if tag == "n"
        and 2 <= len(word) <= 3
        and tok.FREQ.get(word, 0) >= COMMON_NOUN_FREQ
        and word not in domain_terms()
        and not BENEFIT_WORDS.search(word)
        and absent(word)
    )


def off_subject_questions(
    chunks: Sequence[dict],
    titles: dict[str, str],
    absent: Callable[[str], bool],
    *,
    limit: int,
    seed: int = 0,
) -> list[str]:
    """Questions no clause answers: a clause's question with its subject swapped for an unrelated noun.

    Args:
        chunks: rows of ``chunks.jsonl`` (``policy_id``, ``text``), chunk id = position.
        titles: policy id → title.
        absent: whether a word occurs nowhere in the collection (the noun must not).
        limit: at most this many questions (one per sampled chunk).
        seed: the random seed (same seed, same questions).
    """
    rng = random.Random(seed)
    nouns = _unrelated_nouns(absent)
    ids = list(range(len(chunks)))
    ids = sorted(rng.sample(ids, min(limit, len(ids))))
    noise = _Noise(rng, "")
    out: list[str] = []
    for cid in ids:
        chunk = chunks[cid]
        made = _picked_terms(chunk["text"], titles[chunk["policy_id"]], rng) if nouns else None
        if made is None:
            continue
        picked, kind = made
        benefits = [w for w in picked if not BENEFIT_WORDS.sub("", w)]
        subject = rng.choice(nouns)
        text = rng.choice(_TEMPLATES[kind]).format(t=subject + "".join(benefits))
        out.append(noise.colloquial(text))
    return out

"""Query and clause text normalisation shared by the lexical and dense channels.

Steps (each a small pure function):

1. ``canonical_text`` — Unicode NFKC (full-width → half-width), traditional → simplified (OpenCC),
   whitespace collapsed, control characters dropped;
2. ``arabic_numerals`` — Chinese amounts such as ``五十万元`` or ``百分之三十`` become ``50万元``/``30%``
   (labels like ``第三条`` are left alone);
3. ``fix_homophones`` (queries only) — speech-recognition slips of domain terms, found by pinyin:
   a window of the query that sounds exactly like a dictionary term (toneless pinyin, any reading of
   each character) but is not itself a word is replaced by the term (``问港返还`` → ``稳岗返还``);
4. ``apply_synonyms`` — abbreviations and colloquial variants from ``data/lexicon/synonyms.yaml`` become
   their canonical form, token by token after jieba segmentation with the domain dictionary;
5. ``name_described`` (queries only) — what a firm describes in its own words is given the clauses' name
   for it: a first bank loan (首次贷款), selling online (网络零售额), a university's technology bought
   (购买科技成果转化), entry into the 规上 statistics (首次升规), produce bought from local growers, a cloud
   provider named, a skills certificate said by trade or level (职业技能等级证书), an office building said
   写字楼 (商务楼宇 办公用房): :mod:`policy_index.described`.

A loaded index then applies ``fix_collection_homophones`` (queries only): a word of the question that the
collection never uses but that sounds like one of the collection's own words, sharing a character with
it, is that word misheard (``名宿改造补助`` → ``民宿改造补助`` where the policies say 民宿). "Sounds like"
allows the confusions speech recognisers and southern accents make (the 模糊音 of Chinese input methods:
z/zh, c/ch, s/sh, in/ing, en/eng, an/ang): 名 míng for 民 mín; each word is read as it is usually read
(a rare reading of one character, 省 xǐng, made 省了 sound like 薪了). The domain dictionary cannot list
every district's vocabulary, and a real word such as 名宿 is never a "non-word" for step 3.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

import cn2an
import jieba
import opencc
import yaml
from pypinyin import Style, lazy_pinyin, pinyin

from huiqi.settings import LEXICON_DIR
from policy_index.aspects import BENEFIT_TERMS
from policy_index.described import name_described

__all__ = [
    "DICT_DIR",
    "DICT_PATH",
    "LEXICON_DIR",
    "STOPWORDS_PATH",
    "SYNONYMS_PATH",
    "apply_synonyms",
    "arabic_numerals",
    "canonical_text",
    "collection_sounds",
    "dictionary_entries",
    "dictionary_words",
    "fix_collection_homophones",
    "fix_homophones",
    "normalize_passage",
    "normalize_query",
    "place_tagger",
    "tokenizer",
]

#: The folder of jieba user dictionaries shared with Rasa's JiebaTokenizer (``dictionary_path``).
DICT_DIR = LEXICON_DIR / "jieba"
DICT_PATH = DICT_DIR / "huiqi_dict.txt"
SYNONYMS_PATH = LEXICON_DIR / "synonyms.yaml"
#: Real words speech recognisers write for a domain term ("铁西" for 贴息): mended only where the collection
#: never uses the word itself.
MISHEARD_PATH = LEXICON_DIR / "misheard.yaml"
#: Function words and question particles that carry no topic (read by ``policy_index.lexical``).
STOPWORDS_PATH = LEXICON_DIR / "stopwords.txt"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\ufeff]")
_SPACES = re.compile(r"[ \t\u3000]+")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CN_DIGITS = "零〇一二三四五六七八九十百千万亿两"
#: A sum said in 块 — not 一块 meaning together ("能不能一块拿", "一块儿申报").
_KUAI = "块(?!儿|[拿领申报享办去来用算交补搞弄做走])"
#: An amount said roughly keeps its word: 一千多万 → 1000多万, 七十来万 → 70来万, 三百余人 → 300余人.
_AMOUNT = re.compile(
    rf"(?<![第{_CN_DIGITS}])([{_CN_DIGITS}]+)(?=(?:多|余|来(?=[万亿元块]))?"
    rf"(?:万元|亿元|元|万|亿|{_KUAI}|个百分点|%|倍|人|名|家|个月|年|天|个工作日"
    # measures of a case: 一千五百立方米 / 一千五百方 (not 一方面), 三百平米 / 三百平, 八百亩, 两千吨, 三辆
    r"|平方米|平米|平(?![方米台安等均时常])|立方米|立方|方(?![面案式向法针])|亩|吨|辆))"
)
_PERCENT = re.compile(rf"百分之([{_CN_DIGITS}点]+)")
#: A sum said with no unit after the word for paying it ("一件补一千", "奖五百", "每人给两千"): yuan, as
#: clauses write it (1000元); not a count (补一个, 给三次), a rough one (补两三千) or more than said (一千多).
_SUM_PAID = re.compile(
    rf"(?:(?<=[补奖给发])|(?<=补贴|补助|奖励|资助|[补奖给发]了))([{_CN_DIGITS}]*[十百千][{_CN_DIGITS}]*)(?![{_CN_DIGITS}多余来个件次项年月天人名家倍%])"
)
#: A count said roughly by two neighbouring digits: 五六年, 七八万, 两三个月, 十五六 (15 or 16), 三五年 — not
#: 56 or 78万; left as said.
_ROUGH = re.compile(r"(?:[一二三四五六七八九]?十)?(一二|两三|二三|三四|四五|五六|六七|七八|八九|三五)[万亿]?")
#: A sum in 万/亿 run together with a count of years, months or days: 三百万一年, 五十万两个月.
_SUM_PER_TIME = re.compile(r"(?<=.)[万亿]([一两二三四五六七八九十])$")
_TIME_UNIT = re.compile(r"年|个月|天")
#: A sum in 万/亿 before 能 ("花了8万能补多少"), which the segmenter reads as 万能 (all-purpose): written
#: 8万元 as clauses write sums (not before 能源, 能耗, 能效 …).
_SUM_THEN_CAN = re.compile(r"(\d[万亿])(?=能(?![源耗效量力级]))")
#: A grade said as people say it: 三A景区 / 四个A / AAAA级 → 3A / 4A / 4A, as documents write it (4A级).
_A_GRADE_SPOKEN = re.compile(r"([一二三四五])个?A(?![A-Za-z])")
_A_GRADE_LETTERS = re.compile(r"(?<![A-Za-z])(A{2,5})(?![A-Za-z])")
#: "一个亿" / "两个多亿" as said: the counting word goes (一个亿 → 一亿 → 1亿, 两个多亿 → 2亿多). A
#: recogniser writes 亿 as a word of the same sound ("过了十个意呢"), not in 一个意思 / 两个意见 / 几个艺术团.
_COUNTED_YI = re.compile(
    rf"(?<![第{_CN_DIGITS}])([{_CN_DIGITS}]+)个(多)?(?:亿|[意忆艺](?![思见向外义愿图识味术人员境趣料]))"
)
_lock = threading.Lock()


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@functools.cache
def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer with the domain dictionary loaded (built once per process)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tok = jieba.Tokenizer()
        tok.initialize()
        with DICT_PATH.open("rb") as fh:  # jieba leaves a path it opens itself unclosed
            tok.load_userdict(fh)
    return tok


@functools.cache
def place_tagger():
    """A jieba part-of-speech tagger over the domain tokenizer (place names are tagged ``ns``)."""
    from jieba import posseg

    return posseg.POSTokenizer(tokenizer())


@functools.cache
def _misheard() -> dict[str, str]:
    """misheard word → the domain term it stands for (``data/lexicon/misheard.yaml``)."""
    data = yaml.safe_load(MISHEARD_PATH.read_text(encoding="utf-8")) or {}
    return {str(word): str(term) for term, words in data.items() for word in words or []}


@functools.cache
def _synonyms() -> tuple[dict[str, str], dict[str, str]]:
    """(token → canonical) for Han-only variants, (surface → canonical) for variants with symbols."""
    data = yaml.safe_load(SYNONYMS_PATH.read_text(encoding="utf-8")) or {}
    tokens: dict[str, str] = {}
    surface: dict[str, str] = {}
    for canonical, variants in data.items():
        for variant in variants or []:
            variant = canonical_text(str(variant))
            target = (
                surface
                if not _HAN.fullmatch(variant[0]) or re.search(r"[^\u4e00-\u9fff]", variant)
                else tokens
            )
            target[variant] = str(canonical)
    return tokens, surface


def canonical_text(text: str) -> str:
    """NFKC, traditional → simplified, control characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub("", text)
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text = _t2s().convert(text)
    return _SPACES.sub(" ", text).strip()


def cn_to_number(word: str) -> str | None:
    """A Chinese numeral as Arabic digits (``两千`` → ``2000``, ``三点五`` → ``3.5``); None if unreadable."""
    try:
        value = cn2an.cn2an(word.replace("两", "二").replace("〇", "零"), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def arabic_numerals(text: str) -> str:
    """Write Chinese amounts, counts and percentages with Arabic digits (``三十万元`` → ``30万元``)."""

    def percent(match: re.Match[str]) -> str:
        number = cn_to_number(match.group(1))
        return f"{number}%" if number is not None else match.group(0)

    def written(word: str) -> str:
        unit = ""
        if len(word) > 1 and word[-1] in "万亿" and word[-2] not in "万亿":
            word, unit = word[:-1], word[-1]  # keep 万/亿 as written in documents: 五十万 → 50万
        number = cn_to_number(word)
        return (number + unit) if number is not None else word + unit

    def amount(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in ("万", "亿", "千", "百") or (len(word) == 1 and word in "万亿") or _ROUGH.fullmatch(word):
            return word
        per = _SUM_PER_TIME.search(word) if _TIME_UNIT.match(match.string, match.end()) else None
        if per:  # 三百万一年 → 300万1年: a sum, then how long (not 3001000年)
            return written(word[: per.start() + 1]) + (cn_to_number(per.group(1)) or per.group(1))
        return written(word)

    text = _PERCENT.sub(percent, text)
    text = _COUNTED_YI.sub(lambda m: f"{m.group(1)}亿{m.group(2) or ''}", text)
    text = _A_GRADE_SPOKEN.sub(lambda m: f"{cn_to_number(m.group(1))}A", text)
    text = _A_GRADE_LETTERS.sub(lambda m: f"{len(m.group(1))}A", text)
    text = _SUM_THEN_CAN.sub(r"\1元", _AMOUNT.sub(amount, text))
    return _SUM_PAID.sub(
        lambda m: m.group(0) if _ROUGH.search(m.group(1)) else written(m.group(1)) + "元", text
    )


@functools.cache
def dictionary_entries() -> tuple[tuple[str, int, str], ...]:
    """Entries ``(word, frequency, tag)`` of the domain dictionary (``data/lexicon/jieba/huiqi_dict.txt``).

    The one reader of that file outside jieba and Rasa (which load it by path themselves): file order;
    a missing frequency reads as 1 and a missing tag as ``""``; comment lines are skipped.
    """
    entries = []
    for line in DICT_PATH.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        freq = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else 1
        entries.append((fields[0], freq, fields[2] if len(fields) > 2 else ""))
    return tuple(entries)


@functools.cache
def dictionary_words() -> tuple[str, ...]:
    """Words of the domain dictionary (``data/lexicon/jieba/huiqi_dict.txt``), in file order."""
    return tuple(word for word, _, _ in dictionary_entries())


#: Canonical words of the lexicon that are ordinary speech, not terms: no slip is mended into them or their
#: variants ("每年只能投一次" is no 头一次).
_ORDINARY_SPEECH = frozenset({"首次"})


@functools.cache
def _sound_index() -> dict[tuple[str, ...], str]:
    """Toneless pinyin of every domain term (2+ Han characters) and benefit word (奖励, 补贴: common
    words jieba knows, which firms ask for in every other question) → the term."""
    index: dict[tuple[str, ...], str] = {}
    tokens, _ = _synonyms()
    for word in [*dictionary_words(), *tokens, *BENEFIT_TERMS]:
        if tokens.get(word, word) in _ORDINARY_SPEECH:
            continue
        if len(word) >= 2 and _HAN.fullmatch(word[0]) and all(_HAN.match(c) for c in word):
            index.setdefault(tuple(lazy_pinyin(word)), word)
    return index


@functools.cache
def _readings(char: str) -> frozenset[str]:
    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


@functools.cache
def _sounds_by_length() -> tuple[tuple[int, frozenset[str], dict[tuple[str, ...], tuple[int, str]]], ...]:
    """Domain terms grouped by length (longest first): (length, first syllables, sound → (order, term))."""
    by_len: dict[int, dict[tuple[str, ...], tuple[int, str]]] = defaultdict(dict)
    for order, (sound, word) in enumerate(_sound_index().items()):
        by_len[len(word)][sound] = (order, word)
    return tuple(
        (size, frozenset(sound[0] for sound in sounds), sounds)
        for size, sounds in sorted(by_len.items(), reverse=True)
    )


def _homophone_at(window: str, sounds: dict[tuple[str, ...], tuple[int, str]]) -> str | None:
    """The domain term that ``window`` sounds exactly like (any reading of each character), if any."""
    readings = [_readings(c) for c in window]
    if math.prod(len(r) for r in readings) > 64:  # rare: many heteronyms; scan the terms instead
        found = [
            (order, word)
            for sound, (order, word) in sounds.items()
            if all(s in r for s, r in zip(sound, readings, strict=True))
        ]
    else:
        found = [sounds[combo] for combo in itertools.product(*readings) if combo in sounds]
    found = sorted(f for f in found if _shares_char(window, f[1]) or _same_tones(window, f[1]))
    return found[0][1] if found else None


def _same_tones(window: str, word: str) -> bool:
    """``window`` reads as ``word`` tones and all (讲利 / 奖励, both jiǎng lì): a slip that keeps no
    character of the term, which only the full sound may tell from another word."""
    readings = [frozenset(pinyin(c, style=Style.TONE3, heteronym=True)[0]) for c in window]
    sounds = [reading[0] for reading in pinyin(word, style=Style.TONE3)]
    return all(sound in read for sound, read in zip(sounds, readings, strict=True))


def fix_homophones(text: str) -> str:
    """Replace non-words that sound exactly like a domain term with that term (ASR slips); once more when
    a slip was mended, since the mended word is what a misheard neighbour keeps of its term (手带铁西 →
    首贷铁西 → 首贷贴息)."""
    fixed = _fix_homophones_once(text)
    return fixed if fixed == text else _fix_homophones_once(fixed)


def _fix_homophones_once(text: str) -> str:
    groups = _sounds_by_length()
    freq = tokenizer().FREQ
    out: list[str] = []
    i = 0
    while i < len(text):
        replaced = False
        first = _readings(text[i]) if _HAN.match(text[i]) else frozenset()
        if first:
            for size, firsts, sounds in groups:
                if first.isdisjoint(firsts):
                    continue
                window = text[i : i + size]
                if len(window) < size or not all(_HAN.match(c) for c in window):
                    continue
                if freq.get(window, 0) > 0 or _inside_a_word(text, i, size, freq):
                    continue
                word = _homophone_at(window, sounds)
                if word is not None:
                    out.append(word)
                    i += size
                    replaced = True
                    break
        if not replaced:
            out.append(text[i])
            i += 1
    return "".join(out)


def _inside_a_word(text: str, start: int, size: int, freq: dict[str, int]) -> bool:
    """The window ``text[start:start + size]`` shares a character with a common word around it: 术转 of
    技术转让 or 按标 of 按标准 is no slip for 数转 or 安标, whatever it sounds like."""
    before, after = text[max(start - 1, 0) : start + 1], text[start + size - 1 : start + size + 1]
    return any(len(pair) == 2 and freq.get(pair, 0) > SLIP_MAX_FREQ for pair in (before, after))


def _shares_char(window: str, word: str) -> bool:
    """An ASR slip keeps at least one character of the term (guards against unrelated phrases)."""
    return any(a == b for a, b in zip(window, word, strict=True))


#: A word of the question more common than this in jieba's dictionary (per ~60 million) is taken as
#: meant (之前, 已经, 一半 …), however the collection spells things; misheard words are rarely words.
SLIP_MAX_FREQ = 100
#: Only collection words at most this common are put in: a word that names a topic (民宿, 缓缴, 班列);
#: a common word of the collection (一般, 之间, 公示) is what an ordinary question word sounds like.
TOPIC_MAX_FREQ = 2000
#: Longest word (characters) looked up by sound in a collection's vocabulary.
_SOUND_MAX = 6


def _all_han(word: str) -> bool:
    return 2 <= len(word) <= _SOUND_MAX and all(_HAN.match(c) for c in word)


#: Initials speech recognition and accents confuse, each mapped to one of the pair.
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))


@functools.cache
def fuzzy_syllable(syllable: str) -> str:
    """A toneless syllable with the 模糊音 pairs merged (zh→z, ch→c, sh→s, -ng→-n): ``ming`` → ``min``,
    ``shi`` → ``si``, ``zhang`` → ``zan``."""
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long) :]
            break
    return syllable[:-1] if len(syllable) > 2 and syllable.endswith("ng") else syllable


def collection_sounds(words: Iterable[tuple[str, int]]) -> dict[tuple[str, ...], str]:
    """Fuzzy toneless pinyin (:func:`fuzzy_syllable`) → word, over a collection's words (2–6 Han
    characters) and how many clauses use each; of words that sound alike, the most used one (then the
    first) is kept."""
    best: dict[tuple[str, ...], tuple[int, str]] = {}
    for word, uses in words:
        if _all_han(word):
            sound = tuple(fuzzy_syllable(s) for s in lazy_pinyin(word))
            if sound not in best or uses > best[sound][0]:
                best[sound] = (uses, word)
    return {sound: word for sound, (_, word) in best.items()}


def fix_collection_homophones(
    text: str, sounds: Mapping[tuple[str, ...], str], known: Callable[[str], bool]
) -> str:
    """Replace each word of a normalised question that the collection does not use (``known`` is false)
    by the collection word that sounds like it (usual reading, 模糊音 merged), shares a character with it
    and names a topic (:data:`TOPIC_MAX_FREQ`): ``名宿`` → ``民宿``. Words more common than
    :data:`SLIP_MAX_FREQ` and all other words are left as they are, but for the real words recognisers
    write for a term (``data/lexicon/misheard.yaml``: "第一次贷款的铁西怎么弄" where no place 铁西 is named).

    Args:
        text: the question after :func:`normalize_query`.
        sounds: :func:`collection_sounds` of the collection's vocabulary.
        known: whether the collection uses a word.
    """
    tok = tokenizer()
    misheard = _misheard()
    out = []
    for word in tok.lcut(text):
        if word in misheard and not known(word) and known(misheard[word]):
            word = misheard[word]
        elif _all_han(word) and tok.FREQ.get(word, 0) <= SLIP_MAX_FREQ and not known(word):
            word = _sounded_word(word, sounds) or word
        out.append(word)
    return _fix_split_slips("".join(out), sounds, known)


def _sounded_word(said: str, sounds: Mapping[tuple[str, ...], str]) -> str | None:
    """The collection's topic word that ``said`` sounds like and shares a character with, if another."""
    found = sounds.get(tuple(fuzzy_syllable(s) for s in lazy_pinyin(said)))
    topic = found is not None and tokenizer().FREQ.get(found, 0) <= TOPIC_MAX_FREQ
    return found if topic and found != said and _shares_char(said, found) else None


def _fix_split_slips(text: str, sounds: Mapping[tuple[str, ...], str], known: Callable[[str], bool]) -> str:
    """A slip the segmenter cut into single characters (做质压贷款 → 做/质/压/贷款): the longest run of
    two to four of them, with no negation, that the collection does not use but sounds like one of its
    topic words — a dictionary word, no pronoun — is that word (质压 → 质押); unless a character of the
    run belongs to a word the collection uses with its neighbour outside (落在紫蓬镇: 在紫 sounds like
    在职, but 紫蓬 is the collection's)."""
    words = tokenizer().lcut(text, HMM=False)
    out: list[str] = []
    i = 0
    while i < len(words):
        run = i
        while run < len(words) and len(words[run]) == 1 and _HAN.match(words[run]):
            run += 1
        slip = _slip_in_run(words, i, run, sounds, known)
        end = slip[1] if slip else max(run, i + 1)
        out += [*words[i : slip[0]], slip[2]] if slip else words[i:end]
        i = end
    return "".join(out)


def _slip_in_run(
    words: list[str],
    first: int,
    stop: int,
    sounds: Mapping[tuple[str, ...], str],
    known: Callable[[str], bool],
) -> tuple[int, int, str] | None:
    """(start, end, word meant) of the longest slip among the single characters ``words[first:stop]``."""
    for size in range(min(4, stop - first), 1, -1):
        for start in range(first, stop - size + 1):
            end = start + size
            said = "".join(words[start:end])
            straddled = (start > first and known(words[start - 1] + words[start])) or (
                end < stop and known(words[end - 1] + words[end])
            )
            if straddled or known(said) or _NEGATION.search(said):
                continue
            found = _sounded_word(said, sounds)
            if found and _a_word_not_a_pronoun(found):
                return start, end, found
    return None


#: A negation in a run is grammar a recogniser gets right (报不报 is no 补报).
_NEGATION = re.compile("[不没]")


def _a_word_not_a_pronoun(word: str) -> bool:
    """A word of jieba's or the domain dictionary that is no pronoun: the collection's own words include
    fragments its segmenter guessed (随报 of 随报随审, 我县) and pronouns (我市) no firm asks about."""
    tok = tokenizer()
    known = tok.FREQ.get(word, 0) > 0 or word in dictionary_words()
    return known and place_tagger().word_tag_tab.get(word) != "r"


def apply_synonyms(text: str) -> str:
    """Map abbreviations and variants to their canonical form (see ``data/lexicon/synonyms.yaml``)."""
    tokens, surface = _synonyms()
    for variant, canonical in surface.items():
        text = text.replace(variant, canonical)
    return "".join(tokens.get(tok, tok) for tok in tokenizer().lcut(text))


def normalize_passage(text: str) -> str:
    """Normalise clause text for the lexical index (no homophone fixing: clauses are edited text)."""
    return apply_synonyms(arabic_numerals(canonical_text(text)))


@functools.lru_cache(maxsize=4096)
def normalize_query(text: str) -> str:
    """Normalise a firm's question: width, script, numerals, ASR slips, abbreviations.

    Args:
        text: the raw question (typed or speech-recognised).

    Returns:
        The normalised question used by both retrieval channels.
    """
    text = arabic_numerals(canonical_text(text))
    return name_described(apply_synonyms(graduates_named(fix_homophones(text))))


#: 大学生 said with their graduation or a traineeship: graduates, as clauses say (alone, 大学生 may still
#: be studying: "大学生创业有补贴吗").
_GRADUATED = re.compile(r"毕业|见习|实习")


def graduates_named(text: str) -> str:
    """``text`` with 大学生 written 高校毕业生 when it says they graduated or come as trainees
    ("招了几个去年毕业的大学生", "刚毕业的大学生来实习")."""
    if "大学生" not in text or not _GRADUATED.search(text):
        return text
    return re.sub(r"(?<![招聘收用纳了])大学生", "高校毕业生", text)

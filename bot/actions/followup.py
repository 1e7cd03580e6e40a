"""Reading a message for what it leans on: its own subject, a variant of the last question ("那高级技师呢"),
words pointing back at the policy discussed, and the separate questions of a two-part message.

These are text-only helpers; :mod:`bot.actions.respond` decides with them and with retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from policy_index.aspects import BENEFIT_WORDS

#: Words that carry no subject of their own in a follow-up: who is speaking, pronouns for what was
#: said, generic benefit words, verbs of applying, question words and particles.
_NO_CONTENT = re.compile(
    r"我们|我|咱们|咱|俺们|公司|企业|单位|厂里|这个|那个|这项|那项|这些|该|它|这|上面|刚才|你说的|前面"
    r"|政策|文件|办法|规定|项目|奖励|补贴|补助|资助|扶持|优惠|支持|钱|资金|款"
    r"|申报|申请|办理|报|办|领|拿|交|提交|准备|带|给|到|能|可以|需要|要|用|得|去|找|问|想|请问|咨询|一下|下|自己|自行|主动"
    r"|是否|是不是|能不能|可不可以|有没有|要不要|用不用|会不会|算不算|多少|什么|啥|怎么|怎样|如何|哪|几|谁|吗|呢|么|啊|呀|吧|嘛"
    r"|一般|大概|大约|还|也|都|就|再|又|的|了|过|是|有|在|个|些|不|没|对|和|跟|与|或|呢|那|还有|另外|那么"
)
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]")
#: "那…呢", "如果是…", "要是…": the same question about another case of the same policy. "那个…" opening a
#: message is a spoken filler or points at what was said ("那个够房补贴博士给多少"), not "what about".
_VARIANT = re.compile(r"^(?:那(?![个些])|那么|那如果|如果是|要是|假如|换成)|呢[？?。！!\s]*$")
#: Words that point back at what was discussed ("还能享受不", "这个", "算不算").
_REFERS_BACK = re.compile(
    r"这个|那个|这项|该政策|上面|刚才|还能|能享受|享受不|符合吗|算不算|够不够|行不行|可以吗|能报吗|也能|也可以|一起"
)
#: Asking whether the arrangement discussed covers something, or who bears it ("机票住宿能报吗",
#: "特装搭建费算不算", "利息谁出"): said only of a benefit already under discussion.
_ASKS_IF_COVERED = re.compile(
    r"能(?:不能)?报|报不报|可以报|给不给报|算不算|算在内|包不包括|包括吗|包含吗|含不含"
    r"|也(?:能|可以)?(?:补|报|算)|谁(?:来)?(?:出|承担|付|掏|负担|给)"
)
#: Asking whether the firm may have it too ("也能报吗", "能申请不", "行不行", "符合吗"): about the policy
#: discussed, when said with a fact about the firm ("我们是规下企业，也能报吗"), a question on who may apply.
_ASKS_IF_ELIGIBLE = re.compile(
    r"(?:能|可以|可)(?:不能)?(?:报|申报|申请|享受|拿|领|参加|参与)(?:吗|不|么|嘛|没|呀|啊)"
    r"|(?:也|还)(?:能|可以)(?:报|申报|申请|享受|拿|领|参加|参与)?|能不能(?:报|申报|申请|享受|拿|领)?"
    r"|可不可以|行不行|行吗|行不|成不成|成吗|可以不|可以吗|有份吗|有没有份|够格吗|够不够格|符合吗|符不符合"
)
#: Words that open another subject ("另外问下，…", "换个问题，…", "再问一个…", "对了，还有个事，…").
_NEW_SUBJECT = re.compile(
    r"^(?:对了[，,、\s]*)?(?:另外|换个|换一个|再问一?个|还有(?:个|一个|件)(?:别的)?(?:问题|事)|顺便问|问个别的|别的问题)"
)
#: "对了，…" (by the way), "还有，…" (and another thing): said as another thought comes, often a new
#: subject, sometimes more on this one.
_BY_THE_WAY = re.compile(r"^(?:(?:哦|噢|喔|啊)?对了|还有[，,、\s])")
#: What opens a message before its question and says nothing of it: "对了，", "另外问下，", "还有，",
#: "顺便问一下，", "再问一个，" — left out of the search, where the words only blur the question.
_OPENER = re.compile(
    r"^(?:(?:哦|噢|喔|啊|嗯)?对了|另外(?:问一?下|再问一?下)?|还有(?=[，,、\s])|顺便问一?下|再问一?(?:个|下))"
    r"[，,、\s]*"
)
#: Where a message with several questions is cut ("…奖多少，专精特新又奖多少？").
_PART_END = re.compile(r"(?<=[？?；;。！!，,])")


#: Spoken question words, with the written ones they stand for: 咋 ("费用咋算", "咋报", "咋样"); in
#: south-western and Hunan speech 好久 for 多久 ("钱好久到账", not "等了好久", "好久没到账") and 好多 for
#: 多少 ("补贴好多钱", "能补好多", not "好多企业"); 多就 / 多酒, as recognisers write 多久 ("钱多就到账").
_SPOKEN_QUESTION_WORDS = (
    (re.compile("咋"), "怎么"),
    # 补贴 heard as 不贴 ("有啥不贴", "社保不贴多久能到账"); not "贴不贴", "不贴息"
    (re.compile(r"(?<!贴)不贴(?!息)"), "补贴"),
    (re.compile(r"(?<![了得])好久(?![没不以前了的])"), "多久"),
    # 多久 heard as 多就 / 多酒 / 多九 where it asks when the money comes: "钱多就到账", "钱多酒能到账" (not
    # "投资多就补得多")
    (
        re.compile(
            r"(?:(?<=^)|(?<=[钱款贴励金息助]))多[就酒九](?=能?(?:到账|到位|下来|批下来|发下来|拿到|发))"
        ),
        "多久",
    ),
    (re.compile(r"(?<=[补奖贴给拿领发报贷有是收交付])好多(?=钱|费|块|[？?呢嘛啊呀哦吗]|$)"), "多少"),
)


#: A space between two Chinese words, as firms type a comma on a phone ("我们在幸福街道 做电子元器件的 今年
#: 第一次评上国家高新技术企业 区里奖多少").
_SPACE_AS_COMMA = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")


def as_written(text: str) -> str:
    """``text`` with spoken question words written as in the written question ("费用咋算" → "费用怎么算",
    "钱好久到账" → "钱多久到账"), so that the aspect it asks (怎么算: the amount) is read alike."""
    for spoken, written in _SPOKEN_QUESTION_WORDS:
        text = spoken.sub(written, text)
    return text


def spaces_as_commas(text: str) -> str:
    """``text`` with a space typed between two Chinese words written as the comma it stands for."""
    return _SPACE_AS_COMMA.sub("，", text)


def own_content(text: str, aspect_words: re.Pattern[str] | None = None) -> str:
    """The Chinese characters of ``text`` that name a subject, once filler and aspect words are gone.

    Args:
        text: A message or part of one.
        aspect_words: Words asking for an aspect (materials, deadline …) to drop as well.
    """
    stripped = aspect_words.sub("", text) if aspect_words else text
    return _NOT_CJK.sub("", _NO_CONTENT.sub("", stripped))


def is_variant(text: str) -> bool:
    """ "那高级技师呢" / "如果是做软件的": the last question asked again for another case."""
    return bool(_VARIANT.search(text.strip()))


def variant_as_asked_before(text: str, last_question: str | None) -> str | None:
    """A variant asked again as the question it varies asked it: "那要是招进来直接签合同交社保的呢" after
    "接见习大学生，单位能拿多少补贴" is "招进来直接签合同交社保的，有补贴吗". None when ``text`` is no
    variant or the last question asked for no benefit. The case alone, framed as "那要是…呢", says
    nothing of what is asked, and a search on it finds the policy that covers the case too weakly."""
    # 政策 names no benefit ("老的智能制造政策里…比例是多少")
    asked = (m.group() for m in BENEFIT_WORDS.finditer(last_question or "") if m.group() != "政策")
    benefit = next(asked, None)
    if not is_variant(text) or benefit is None or BENEFIT_WORDS.search(text):
        return None
    case = _VARIANT.sub("", _VARIANT.sub("", text.strip())).strip("，,。？? ")
    if _ASKS_OF_ITS_OWN.search(case):  # "那公司社保费能不能缓缴" asks its own question, not for the benefit
        return None
    return f"{case}，有{benefit}吗" if own_content(case) else None


#: A question a variant asks of its own, besides the case it names ("能不能缓缴", "可以延期吗").
_ASKS_OF_ITS_OWN = re.compile(
    r"能不能|可不可以|能否|可否|是否|行不行|吗|嘛|怎么|如何|多少|多久|([\u4e00-\u9fff])不\1"
)


def without_names(text: str, names: tuple[str, ...]) -> str:
    """``text`` with each of ``names`` left out, the longest first (花溪区 before 花溪)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, "")
    return text


def refers_back(text: str) -> bool:
    """Whether the message points back at the policy being discussed."""
    return bool(_REFERS_BACK.search(text))


def asks_if_covered(text: str) -> bool:
    """ "机票住宿能报吗" / "利息谁出": whether the benefit discussed covers something or who bears it."""
    return bool(_ASKS_IF_COVERED.search(text))


def asks_if_eligible(text: str) -> bool:
    """ "也能报吗" / "能申请不" / "行不行": whether the message asks if the firm may have it (too)."""
    return bool(_ASKS_IF_ELIGIBLE.search(text))


def less_eligibility_words(text: str) -> str:
    """``text`` without its words asking whether the firm may have it ("行不行", "也能报吗")."""
    return _ASKS_IF_ELIGIBLE.sub("", text)


def opens_new_subject(text: str) -> bool:
    """Whether the message says it moves on to another subject ("另外问下，员工出车祸公司要赔吗")."""
    return bool(_NEW_SUBJECT.search(text.strip()))


def by_the_way(text: str) -> bool:
    """Whether the message opens with "对了" ("对了，我们还招了两个残疾人，有补贴吗") or "还有，"."""
    return bool(_BY_THE_WAY.search(text.strip()))


def without_opener(text: str) -> str:
    """The message without the words that open it ("对了，招残疾人有补贴吗" → "招残疾人有补贴吗"), or the
    message itself when nothing is left after them."""
    rest = _OPENER.sub("", text.strip(), count=1)
    return rest if len(_NOT_CJK.sub("", rest)) >= 2 else text


def split_questions(text: str, asks: Callable[[str], bool]) -> list[str]:
    """Cut a message into the questions it asks; parts that only state facts stay with the next one.

    Args:
        text: The firm's message.
        asks: Tells whether a piece of text asks something.

    Returns:
        One string per question, in order (the whole message when it asks one thing).
    """
    pieces = [piece for piece in _PART_END.split(text.strip()) if piece.strip()]
    parts: list[str] = []
    pending = ""
    for piece in pieces:
        pending += piece
        if asks(piece) and len(_NOT_CJK.sub("", pending)) >= 3:
            parts.append(pending.strip())
            pending = ""
    if pending.strip():
        if parts:
            parts[-1] += pending
        else:
            parts.append(pending.strip())
    return parts or [text.strip()]

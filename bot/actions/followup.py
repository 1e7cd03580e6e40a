"""Resolve a follow-up fragment ("那重新认定呢？", "需要什么材料") into a full question.

Retrieval is given the resolved question, never the bare fragment: a fragment is completed with the
topic of the conversation so far (the topic entity, else the title of the policy last cited).
"""

from __future__ import annotations

import re

#: A message that starts like this leans on what was said before.
_FOLLOW_UP_START = re.compile(r"^(?:那|那么|那如果|还有|另外|如果是|要是|假如|再问一下|再问下|还想问|顺便问)")
#: Filler around a fragment that carries no meaning for retrieval.
_FILLER_START = re.compile(
    r"^(?:那么|那如果|那|还有|另外|再问一下|再问下|还想问|顺便问一下|顺便问|请问)[，,\s]*"
)
_FILLER_END = re.compile(r"[呢吗啊呀吧嘛哈]*[？?。！!，,\s]*$")
#: Fragments at most this long (after trimming) with no topic of their own are follow-ups.
SHORT_FRAGMENT = 10


def is_follow_up(text: str, *, has_own_topic: bool) -> bool:
    """Tell whether a message only makes sense with the conversation so far.

    Args:
        text: The user's message.
        has_own_topic: Whether NLU found a policy-topic entity in this very message.
    """
    trimmed = _FILLER_END.sub("", text.strip())
    if _FOLLOW_UP_START.match(trimmed):
        return True
    return not has_own_topic and len(trimmed) <= SHORT_FRAGMENT


def resolve_question(text: str, *, topic: str | None, policy_title: str | None, has_own_topic: bool) -> str:
    """Return the question to search for.

    Args:
        text: The user's message.
        topic: The conversation's topic slot (e.g. ``高新技术企业``), if any.
        policy_title: Title of the policy cited last, if any.
        has_own_topic: Whether NLU found a topic entity in this message.

    Returns:
        ``text`` itself for a self-contained question or when there is no context; otherwise the
        context followed by the fragment without filler, e.g. ``高新技术企业 重新认定``.
    """
    context = topic or policy_title
    if not context or not is_follow_up(text, has_own_topic=has_own_topic):
        return text.strip()
    fragment = _FILLER_END.sub("", _FILLER_START.sub("", text.strip()))
    if not fragment or fragment in context:
        return context
    return f"{context} {fragment}"

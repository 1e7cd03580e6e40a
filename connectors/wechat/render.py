"""Bot replies as one WeChat text message: the answer, each cited clause, a link to the policy, and (after
a cited answer) the rating question."""

from __future__ import annotations

from urllib.parse import quote

from connectors.rasa_client import BotMessage
from connectors.wechat.rating import ASKS_RATING, RATE_PROMPT

__all__ = ["MAX_CHARS", "policy_url", "render_replies"]

#: WeChat cuts text messages at 2,048 bytes; Chinese takes 3 bytes a character.
MAX_CHARS = 600
_EXCERPT_CHARS = 60


def policy_url(public_url: str, policy_id: str) -> str:
    """The public web page of one policy."""
    return f"{public_url.rstrip('/')}/policies/{quote(policy_id)}"


def _citation(citation: dict, public_url: str) -> str:
    title = citation.get("title") or citation.get("policy_id", "")
    head = f"【依据】《{title}》"
    if citation.get("doc_no"):
        head += f"（{citation['doc_no']}）"
    if citation.get("clause"):
        head += citation["clause"]
    if citation.get("expired"):
        head += "（已失效）"
    text = " ".join(str(citation.get("text") or "").split())
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 1] + "…"
    lines = [head]
    if text:
        lines.append(text)
    if citation.get("policy_id"):
        lines.append(policy_url(public_url, citation["policy_id"]))
    return "\n".join(lines)


def render_replies(replies: list[BotMessage], public_url: str) -> str:
    """Join the bot's messages into one text: answers, citations with links, quick replies.

    Over :data:`MAX_CHARS` the longest answer text is shortened, so that citations and links stay.
    """
    parts: list[list[str]] = []  # [kind, text]
    for reply in replies:
        if reply.text.strip():
            parts.append(["answer", reply.text.strip()])
        parts.extend(["citation", _citation(c, public_url)] for c in reply.citations if isinstance(c, dict))
        if reply.buttons:
            titles = " / ".join(b["title"] for b in reply.buttons if b.get("title"))
            parts.append(["buttons", f"您可以回复：{titles}"])
    if any(reply.action in ASKS_RATING for reply in replies):
        parts.append(["rating", RATE_PROMPT])
    mark = "……"
    excess = sum(len(text) + 2 for _, text in parts) - 2 - MAX_CHARS
    answers = sorted((p for p in parts if p[0] == "answer"), key=lambda p: -len(p[1]))
    if excess > 0 and answers and len(answers[0][1]) > excess + len(mark) + 20:
        answers[0][1] = answers[0][1][: len(answers[0][1]) - excess - len(mark)] + mark
    text = "\n\n".join(text for _, text in parts)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - len(mark)] + mark

"""One call from an action to the policy index: search, fetch a replacing policy, compose the answer."""

from __future__ import annotations

from typing import Any

from bot.actions.answer import Answer, compose_answer
from bot.actions.followup import without_opener
from bot.actions.old_policy import with_the_old_policy

#: How many hits to ask the index for.
TOP_K = 5


def with_current_policy(
    index: Any, question: str, result: dict[str, Any], zone: str | None
) -> dict[str, Any]:
    """If the best hit is expired and replaced, make sure a clause of the replacing policy is in the hits.

    The replacing policy is searched on its own (its best clause for this question), so that clause can
    be cited and its figures stated instead of the policy only being named — even when the question's
    own figures ("去年卖了一百五十来万…2%") match the expired text better than anything in the new one.
    """
    hits = result.get("hits") or []
    if not hits or not hits[0].get("expired") or not hits[0].get("replaced_by"):
        return result
    current_id = hits[0]["replaced_by"]
    if any(hit.get("policy_id") == current_id for hit in hits):
        return result
    current = index.policy(current_id)
    if not current:
        return result
    extra = index.search(question, k=1, zone=zone, policy_id=current_id)
    found = [hit for hit in extra.get("hits") or [] if hit.get("policy_id") == current_id][:1]
    return {**result, "hits": hits[:1] + found + hits[1:]}


def search_or_refusal(
    index: Any,
    question: str,
    *,
    zone: str | None = None,
    policy_id: str | None = None,
    exclude_policy: str | None = None,
    k: int = TOP_K,
) -> dict[str, Any] | Answer:
    """``index.search`` (filtered to ``zone`` / within ``policy_id`` / without ``exclude_policy``) of the
    question without its opening words (:func:`bot.actions.followup.without_opener`), or a no-match reply
    saying why the index refused the question (empty, huge, binary)."""
    from policy_index import QueryError

    question = without_opener(question)
    try:
        if exclude_policy:
            return index.search(question, k=k, zone=zone, exclude_policy=exclude_policy)
        return index.search(question, k=k, zone=zone, policy_id=policy_id)
    except QueryError as error:  # say why, keep the conversation going
        text = f"{str(error).rstrip('。')}。您可以换个说法再问，也可以说“转人工”，由律师答复。"
        return Answer(text=text, payload={"citations": [], "action": "no_match"}, answered=False)


def answer_question(index: Any, question: str, *, intent: str | None, zone: str | None) -> Answer:
    """Search the index for ``question`` (filtered to ``zone``) and compose a cited answer.

    A question the index refuses (empty, huge, binary) gets its Chinese reason back as a no-match reply.
    """
    result = search_or_refusal(index, question, zone=zone)
    if isinstance(result, Answer):
        return result
    result = with_current_policy(index, question, with_the_old_policy(index, question, result, zone), zone)
    return compose_answer(question, result, intent=intent, zone=zone, lookup=index.policy)

"""Where a policy applies, asked outright: "民宿补助哪些镇能申请", "这个是不是全区都能报".

A zone-limited policy answers from its clause setting out its zones, or — when only its front matter
limits it — from the collection's record; a policy limited to no zone is said to apply across the
district, from the record. The firm's own zone, when known, is said to be in or out.
"""

from __future__ import annotations

from typing import Any

from bot.actions.answer import Answer, citation_of, cited_answer, from_text, sentences
from bot.actions.on_current import clause_setting_scope, policy_of, record_citation


def scope_answer(index: Any, question: str, policy_id: str, zone: str | None) -> Answer | None:
    """Where the policy ``policy_id`` applies, and whether the firm's ``zone`` (when known) is in it;
    None when the collection has no record of it."""
    policy = policy_of(index, policy_id)
    if policy is None:
        return None
    title = policy.get("title")
    zones = policy.get("zones")
    if isinstance(zones, list) and zones:
        clause = clause_setting_scope(index, question, policy_id)
        places = "、".join(zones)
        if clause is not None:
            said = next((s for s in sentences(str(clause["text"])) if any(z in s for z in zones)), "")
            said = f"{said.rstrip('；;，,。')}。" if said else ""  # "…的企业；" read as a sentence of its own
            body = f"{from_text(clause)}《{title}》只适用于{places}。{said}"
            citations = [citation_of(clause)]
        else:
            body = f"按政策库登记的文件信息，《{title}》只适用于{places}。"
            citations = [record_citation(policy, f"适用区位：{places}")]
        mine = None if zone is None else zone in zones
    else:
        body = f"《{title}》没有限定具体的街道或镇；按政策库登记的文件信息，全区符合条件的企业都可以申报。"
        citations = [record_citation(policy, "适用区位：全区")]
        mine = None if zone is None else True
    if mine is True:
        body += f"贵公司所在的{zone}在适用范围内。"
    elif mine is False:
        body += f"贵公司在{zone}，不在适用范围内，这项政策享受不了。"
    return cited_answer(body, citations, policy_id, title)

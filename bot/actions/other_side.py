"""A question about one side of a scope the policy pays for only on the other: "参加广交会这种国内展会，
展位费能补吗" of a policy on 境外展会, "出国参展能补吗" of one on 国内展会. The policy shares every other word
with the question (展会, 展位费, 补) and ranks first, but says nothing that answers it.
"""

from __future__ import annotations

import re

#: Each scope as questions and clauses say it, with its opposite. A policy saying both (国内外, 境内外,
#: 省内外展会) covers either.
_SIDES = (
    (re.compile(r"国内|境内"), re.compile(r"境外|国外|海外|出国|出境|境内外|国内外")),
    (re.compile(r"省内"), re.compile(r"省外|外省|出省|省内外")),
)


def asks_the_other_side(question: str, policy_text: str) -> bool:
    """Whether ``question`` names a scope (国内, 省内; or 境外, 省外) that ``policy_text`` never says while
    saying its opposite."""
    for one, other in _SIDES:
        for asked, opposite in ((one, other), (other, one)):
            said_in_question = asked.search(question) and not opposite.search(question)
            if said_in_question and not asked.search(policy_text) and opposite.search(policy_text):
                return True
    return False

"""The matching vocabulary: qualifications, events and industry families, read from one YAML file.

The same regular expressions find a concept in a clause ("首次被认定为省级专精特新中小企业") and in a
firm's own words ("去年评上了专精特新"), so both sides of a match speak one language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["DEFAULT_VOCABULARY", "Concept", "Mention", "Vocabulary", "load_vocabulary"]

#: Shipped vocabulary (shared data lives in ``data/``).
DEFAULT_VOCABULARY = Path(__file__).resolve().parents[1] / "data" / "matching" / "vocabulary.yaml"

_LEVEL = re.compile(r"(国家级|国家|省级|山东省|市级|青岛市|区级|即墨区)[^，。；、]{0,10}$")
_LEVEL_NAME = {
    "国家级": "国家级",
    "国家": "国家级",
    "省级": "省级",
    "山东省": "省级",
    "市级": "市级",
    "青岛市": "市级",
    "区级": "区级",
    "即墨区": "区级",
}
_FIRST = re.compile(r"首次|首家|新认定|新评|新获|新增|新设立|新建")
_RENEWAL = re.compile(r"重新认定|复核|复审|期满后|再次认定|续评")


@dataclass(frozen=True)
class Concept:
    """One qualification or event with the patterns that recognise it."""

    name: str
    kind: str  # "qualification" | "event"
    patterns: tuple[re.Pattern, ...]
    implies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A concept found in a text: where, at which level (国家级/省级/…) and whether 首次 is said."""

    concept: str
    kind: str
    start: int
    end: int
    level: str | None = None
    first: bool = False
    renewal: bool = False


class Vocabulary:
    """Concept recognisers plus the industry families (broad industry → narrower ones)."""

    def __init__(self, concepts: list[Concept], industries: dict[str, list[str]]) -> None:
        self.concepts = concepts
        self.by_name = {c.name: c for c in concepts}
        self.industries = industries
        known = set(industries) | {m for members in industries.values() for m in members}
        # qualifications that are only an industry (外贸企业 ← 外贸): never certifications (高新技术企业)
        self.industry_qualifications = {
            c.name: c.name.removesuffix("企业")
            for c in concepts
            if c.kind == "qualification" and c.name.endswith("企业") and c.name.removesuffix("企业") in known
        }

    def find(self, text: str) -> list[Mention]:
        """Every concept mentioned in ``text``, in order of position (one mention per concept)."""
        found: dict[str, Mention] = {}
        for concept in self.concepts:
            for pattern in concept.patterns:
                match = pattern.search(text)
                if match is None:
                    continue
                before = text[max(0, match.start() - 14) : match.start()]
                after = text[match.end() : match.end() + 12]
                level = _LEVEL.search(before + text[match.start() : match.end()])
                mention = Mention(
                    concept=concept.name,
                    kind=concept.kind,
                    start=match.start(),
                    end=match.end(),
                    level=_LEVEL_NAME[level.group(1)] if level else None,
                    first=bool(_FIRST.search(text[: match.start()] + match.group(0))),
                    renewal=bool(_RENEWAL.search(before + match.group(0) + after)),
                )
                old = found.get(concept.name)
                if old is None or mention.start < old.start:
                    found[concept.name] = mention
        return sorted(found.values(), key=lambda m: m.start)

    def closure(self, names: set[str]) -> set[str]:
        """``names`` plus every qualification they imply (小巨人 → 专精特新中小企业)."""
        result = set(names)
        stack = list(names)
        while stack:
            concept = self.by_name.get(stack.pop())
            for implied in concept.implies if concept else ():
                if implied not in result:
                    result.add(implied)
                    stack.append(implied)
        return result

    def industry_relation(self, firm: str, policy: str) -> str:
        """How a firm's industry relates to one industry a policy names.

        Returns:
            ``"same"`` (equal, narrower, or one name contains the other), ``"broader"`` (the firm
            names a family that contains the policy's industry: it may or may not fit) or ``"other"``.
        """
        firm, policy = firm.strip(), policy.strip()
        if not firm or not policy:
            return "other"
        if firm == policy or policy in firm or firm in policy:
            return "same"
        stem = policy.removesuffix("业")  # 制造业 → 制造: 通用设备制造 is one
        if len(stem) >= 2 and stem in firm:
            return "same"
        if _member(self.industries, firm, policy):
            return "same"
        if _member(self.industries, policy, firm):
            return "broader"
        if any(firm[i : i + 2] in policy for i in range(len(firm) - 1)):
            return "broader"  # 医药批发 / 生物医药: a shared word, ask rather than refuse
        return "other"

    def industry_named_in(self, industry: str, text: str) -> bool:
        """True when ``text`` names ``industry`` or a family it belongs to (批发和零售业 names 零售)."""
        names = {industry} | {f for f in self.industries if _member(self.industries, industry, f)}
        for name in names:
            if any(_listed_at(text, m.start()) for m in re.finditer(re.escape(name), text)):
                return True
            if len(name) >= 4 and name[:2] in text and name[2:4] in text:
                return True
        return False


#: What may stand before an industry's name in a list:
#: 烟草制造业 does not name 制造业, 住宿和餐饮业 names 餐饮.
_LIST_BOUNDARY = set("、，,：:；;（(和及与或的是为 \n")


def _listed_at(text: str, start: int) -> bool:
    """True when a name found at ``start`` begins an item of the text, not the tail of a longer name."""
    return start == 0 or text[start - 1] in _LIST_BOUNDARY


def _member(families: dict[str, list[str]], narrow: str, broad: str, depth: int = 0) -> bool:
    """True when ``narrow`` belongs to the family ``broad`` (through nested families too)."""
    members = families.get(broad, [])
    for member in members:
        if member == narrow or member in narrow:
            return True
        if depth < 3 and member in families and _member(families, narrow, member, depth + 1):
            return True
    return False


@lru_cache(maxsize=4)
def load_vocabulary(path: Path | str = DEFAULT_VOCABULARY) -> Vocabulary:
    """Read and compile the vocabulary YAML.

    Raises:
        ValueError: naming the file and the entry with a bad pattern.
    """
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    concepts = []
    for kind, section in (("qualification", "qualifications"), ("event", "events")):
        for name, entry in (data.get(section) or {}).items():
            try:
                patterns = tuple(re.compile(p) for p in entry.get("patterns") or [re.escape(name)])
            except re.error as exc:
                raise ValueError(f"{path.name}：{name} 的正则有误：{exc}") from exc
            concepts.append(Concept(name, kind, patterns, tuple(entry.get("implies") or ())))
    industries = {str(k): [str(v) for v in vs] for k, vs in (data.get("industries") or {}).items()}
    return Vocabulary(concepts, industries)

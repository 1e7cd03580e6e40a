"""Load and validate the policy corpus: one Markdown file per policy, YAML front matter then the body.

Every file is checked; all problems are collected and reported together (file name + problem), so one
bad file never silently drops the others and an editor can fix everything in one pass.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Literal

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = ["CorpusError", "Policy", "corpus_hash", "load_corpus", "load_policy", "policy_files"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


class CorpusError(ValueError):
    """The corpus has one or more malformed files; ``errors`` lists ``(file, problem)`` pairs."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        lines = [f"{name}：{problem}" for name, problem in errors]
        super().__init__(f"政策库有 {len(errors)} 处错误：\n" + "\n".join(lines))


def _numbers_as_text(items: list) -> list:
    """YAML reads a tag or zone like 1210 as a number: keep it as text (booleans stay as they are)."""
    return [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in items]


class Policy(BaseModel):
    """One policy: validated front matter plus the Markdown body."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    title: str = Field(min_length=1)
    issuer: str | None = None
    doc_no: str | None = None
    issued: dt.date | None = None
    valid_until: dt.date | None = None
    zones: Literal["all"] | list[str] = "all"
    industries: Literal["all"] | list[str] = "all"
    tags: list[str] = Field(default_factory=list)
    source: str | None = None
    replaced_by: str | None = None
    body: str = ""

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError("只能包含字母、数字、-、_、.，且不超过 64 个字符")
        return value

    @field_validator("zones", "industries", mode="before")
    @classmethod
    def _check_scope(cls, value: object) -> object:
        if value is None or value == "all" or value == "全部":
            return "all"
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            value = _numbers_as_text(value)
        if isinstance(value, list) and (
            not value or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise ValueError("应为 all 或非空的名称列表")
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _check_tags(cls, value: object) -> object:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return _numbers_as_text(value)
        return value

    @field_validator("title", "issuer", "doc_no", "source", "replaced_by", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        if isinstance(value, (int, float)):
            return str(value)
        return value.strip() if isinstance(value, str) else value

    def is_expired(self, today: dt.date | None = None) -> bool:
        """True when ``valid_until`` lies before ``today`` (default: the current date)."""
        return self.valid_until is not None and self.valid_until < (today or dt.date.today())

    def applies_to_zone(self, zone: str | None) -> bool:
        """True when the policy applies to ``zone`` (every policy applies when no zone is given)."""
        return zone is None or self.zones == "all" or zone in self.zones

    @property
    def zones_given(self) -> bool:
        """Whether the front matter sets ``zones`` (``zones: all`` included), rather than leaving it out."""
        return "zones" in self.model_fields_set

    def metadata(self) -> dict:
        """Front matter as plain JSON-ready data (dates as ISO strings), without the body, plus
        ``zones_given`` (the zones were written, not defaulted: the text may still limit them)."""
        return {**self.model_dump(mode="json", exclude={"body"}), "zones_given": self.zones_given}


_FIELD_ZH = {
    "id": "id",
    "title": "标题 title",
    "issued": "发布日期 issued",
    "valid_until": "有效期 valid_until",
    "zones": "适用区域 zones",
    "industries": "适用行业 industries",
    "tags": "标签 tags",
}


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        name = _FIELD_ZH.get(field, field)
        if err["type"] == "missing":
            parts.append(f"缺少必填字段 {name}")
        elif err["type"].startswith("date"):
            parts.append(f"字段 {name} 不是有效日期（应为 YYYY-MM-DD）：{err.get('input')!r}")
        else:
            parts.append(f"字段 {name} 无效：{err['msg']}")
    return "；".join(parts)


def policy_files(corpus_dir: Path) -> list[Path]:
    """Markdown files of a corpus folder, sorted by name (README-like files starting with _ skipped)."""
    return sorted(p for p in Path(corpus_dir).glob("*.md") if not p.name.startswith(("_", ".")))


def load_policy(path: Path) -> Policy:
    """Parse and validate one policy file.

    Raises:
        CorpusError: with one entry naming the file and every problem found in it.
    """
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError([(name, f"无法读取文件：{exc.strerror}")]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError([(name, "文件不是 UTF-8 编码")]) from exc
    if not text.lstrip().startswith("---"):
        raise CorpusError([(name, "缺少 YAML 头部（文件应以 --- 开头）")])
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第 {mark.line + 1} 行）" if mark is not None else ""
        raise CorpusError([(name, f"YAML 头部格式错误{where}")]) from exc
    meta = dict(post.metadata)
    try:
        policy = Policy(**meta, body=post.content.strip())
    except ValidationError as exc:
        raise CorpusError([(name, _describe(exc))]) from exc
    except TypeError as exc:
        raise CorpusError([(name, f"YAML 头部格式错误：{exc}")]) from exc
    problems = []
    if not policy.body:
        problems.append("正文为空")
    if policy.issued and policy.valid_until and policy.valid_until < policy.issued:
        problems.append("有效期 valid_until 早于发布日期 issued")
    if problems:
        raise CorpusError([(name, "；".join(problems))])
    return policy


def load_corpus(corpus_dir: Path | str) -> list[Policy]:
    """Load every policy of a corpus folder, validating all files before returning.

    Args:
        corpus_dir: folder holding ``<id>.md`` files.

    Returns:
        The policies, sorted by id.

    Raises:
        CorpusError: listing every malformed file, duplicate id and dangling ``replaced_by``.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError([(str(corpus_dir), "政策库目录不存在")])
    errors: list[tuple[str, str]] = []
    policies: dict[str, Policy] = {}
    origin: dict[str, str] = {}
    files = policy_files(corpus_dir)
    if not files:
        raise CorpusError([(str(corpus_dir), "目录中没有 .md 政策文件")])
    for path in files:
        try:
            policy = load_policy(path)
        except CorpusError as exc:
            errors.extend(exc.errors)
            continue
        if policy.id in policies:
            errors.append((path.name, f"id {policy.id} 重复（已在 {origin[policy.id]} 中使用）"))
            continue
        if policy.id != path.stem:
            errors.append((path.name, f"id {policy.id!r} 与文件名 {path.stem!r} 不一致"))
        policies[policy.id] = policy
        origin[policy.id] = path.name
    for policy in policies.values():
        if policy.replaced_by and policy.replaced_by not in policies:
            errors.append((origin[policy.id], f"replaced_by 指向不存在的政策 {policy.replaced_by}"))
    if errors:
        raise CorpusError(errors)
    return [policies[k] for k in sorted(policies)]


def corpus_hash(corpus_dir: Path | str) -> str:
    """SHA-256 over the names and bytes of the corpus files (what a stale-index check compares)."""
    digest = hashlib.sha256()
    for path in policy_files(Path(corpus_dir)):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()

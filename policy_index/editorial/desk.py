"""The editors' desk: uploaded documents become drafts, drafts are reviewed, fixed and published.

The collection stays plain files. A published policy is ``<corpus>/<id>.md`` (what the index is built
from); a draft is ``<work>/drafts/<id>.md`` in exactly the same format, written by the same importer as
``policy-index import``. Publishing copies the draft into the corpus folder (atomically), unpublishing
moves it back, marking expired sets ``valid_until``. Every change is recorded in the policy's history
(:mod:`policy_index.editorial.history`); the original document and its extracted text are kept in
``<work>/originals`` for review.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import frontmatter
import yaml

from policy_index.corpus import CorpusError, Policy, load_policy
from policy_index.importer.dates import parse_date
from policy_index.importer.document import ImportFailure
from policy_index.importer.pipeline import check_markdown, import_documents
from policy_index.importer.readers import SUPPORTED, read_document
from policy_index.importer.writer import FIELD_ORDER, render_markdown, write_atomic

from .history import AuditHistory, History, Version, changed_fields

__all__ = ["EDITABLE_FIELDS", "DeskError", "Entry", "PolicyDesk", "Upload"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
#: Front-matter fields the review page lets an editor fix (``id`` is fixed: it names the file).
EDITABLE_FIELDS = tuple(name for name in FIELD_ORDER if name != "id")
#: Fields written as lists (one item per line or separated by 、，, on the page); "all" means every one.
LIST_FIELDS = ("zones", "industries", "tags")
#: Date fields: ISO dates, or as Chinese documents write them (2024年3月1日, 二〇二四年三月一日).
DATE_FIELDS = ("issued", "valid_until")
#: Largest document accepted (a long PDF notice is a few MB).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class DeskError(ValueError):
    """A change the desk refuses; the message is Chinese and says why."""


@dataclass(frozen=True)
class Entry:
    """One policy on the desk: its draft and/or published file and what state that makes."""

    id: str
    title: str
    issued: str
    draft: Path | None
    published: Path | None
    expired: bool

    @property
    def state(self) -> str:
        """草稿 / 已发布 / 已发布（有未发布的修改）/ 已失效."""
        if self.published is None:
            return "草稿"
        if self.draft is not None:
            return "已发布（有未发布的修改）"
        return "已失效" if self.expired else "已发布"


@dataclass(frozen=True)
class Upload:
    """The outcome of one uploaded file: the import line (``policy-index import``'s JSON) or the error."""

    file: str
    record: dict
    error: str | None


def _meta(text: str) -> tuple[dict, str]:
    post = frontmatter.loads(text)
    return dict(post.metadata), post.content.strip()


def _list_value(value: str) -> str | list[str]:
    items = [item.strip() for item in re.split(r"[\n,，、;；]+", value) if item.strip()]
    return "all" if items in ([], ["all"], ["全部"]) else items


class PolicyDesk:
    """Drafts, the published collection, originals and histories of one corpus.

    Args:
        corpus_dir: the published collection (``HUIQI_CORPUS_DIR``).
        work_dir: where drafts, originals and histories live (``<HUIQI_DATA_DIR>/editorial``).
        history: where versions are recorded (the web passes :class:`AuditHistory` on the ticket
            database's audit trail); default: JSONL files in ``<work_dir>/history``.
    """

    def __init__(
        self, corpus_dir: Path, work_dir: Path, history: History | AuditHistory | None = None
    ) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.drafts = Path(work_dir) / "drafts"
        self.originals = Path(work_dir) / "originals"
        self.history = history or History(Path(work_dir) / "history")

    # ------------------------------------------------------------------ reading
    def _file(self, folder: Path, policy_id: str) -> Path | None:
        if not _ID.match(policy_id):
            return None
        path = folder / f"{policy_id}.md"
        return path if path.is_file() else None

    def draft_path(self, policy_id: str) -> Path | None:
        """The draft file of ``policy_id``, if there is one."""
        return self._file(self.drafts, policy_id)

    def published_path(self, policy_id: str) -> Path | None:
        """The published file of ``policy_id``, if it is published."""
        return self._file(self.corpus_dir, policy_id)

    def entry(self, policy_id: str) -> Entry | None:
        """What the desk has of ``policy_id`` (None: neither a draft nor published)."""
        draft, published = self.draft_path(policy_id), self.published_path(policy_id)
        source = draft or published
        if source is None:
            return None
        try:
            meta, _ = _meta(source.read_text(encoding="utf-8"))
        except (OSError, ValueError, yaml.YAMLError):
            meta = {}
        expired = False
        if published is not None:
            try:
                until = _meta(published.read_text(encoding="utf-8"))[0].get("valid_until")
            except (OSError, ValueError, yaml.YAMLError):
                until = None
            expired = isinstance(until, dt.date) and until < dt.date.today()
        return Entry(
            policy_id,
            str(meta.get("title") or policy_id),
            str(meta.get("issued") or ""),
            draft,
            published,
            expired,
        )

    def entries(self) -> list[Entry]:
        """Every draft and published policy, drafts first, then by issue date (newest first)."""
        ids = {p.stem for folder in (self.drafts, self.corpus_dir) for p in folder.glob("[!_.]*.md")}
        found = [e for e in (self.entry(i) for i in ids) if e is not None]
        return sorted(found, key=lambda e: (e.published is not None, _desc(e.issued), e.id))

    def text(self, policy_id: str) -> str:
        """The text under review: the draft if there is one, else the published file.

        Raises:
            DeskError: no such policy.
        """
        path = self.draft_path(policy_id) or self.published_path(policy_id)
        if path is None:
            raise DeskError(f"没有编号为 {policy_id} 的政策")
        return path.read_text(encoding="utf-8")

    def policy(self, policy_id: str) -> Policy:
        """The policy under review, validated.

        Raises:
            DeskError: no such policy, or its file does not pass the corpus checks.
        """
        path = self.draft_path(policy_id) or self.published_path(policy_id)
        if path is None:
            raise DeskError(f"没有编号为 {policy_id} 的政策")
        try:
            return load_policy(path)
        except CorpusError as exc:
            raise DeskError("；".join(problem for _, problem in exc.errors)) from exc

    def original_text(self, policy_id: str) -> str | None:
        """The text read from the uploaded document, as the importer saw it (None: not uploaded here)."""
        path = self.originals / f"{policy_id}.txt"
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def import_record(self, policy_id: str) -> dict | None:
        """The import's result line of the last upload (``missing`` and ``warnings`` for review)."""
        path = self.originals / f"{policy_id}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        except (OSError, ValueError):
            return None

    def versions(self, policy_id: str) -> list[Version]:
        """The policy's history, newest first."""
        return list(reversed(self.history.versions(policy_id)))

    # ------------------------------------------------------------------ changes
    def upload(self, filename: str, data: bytes, who: str) -> Upload:
        """Import one uploaded document into a draft (nothing is written when it cannot be imported)."""
        name = Path(filename or "").name
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            return Upload(name, {}, "不支持的文件类型：请上传 .docx、有文字层的 .pdf 或保存的网页 .html")
        if not data:
            return Upload(name, {}, "文件是空的")
        if len(data) > MAX_UPLOAD_BYTES:
            return Upload(name, {}, f"文件超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / f"upload{suffix}"
            source.write_bytes(data)
            staged = Path(tmp) / "drafts"
            if self.drafts.is_dir():
                shutil.copytree(self.drafts, staged)
            [(record, error)] = list(import_documents([source], staged, also=[self.corpus_dir]))
            record = {**record, "file": name}
            if error:
                return Upload(name, record, error)
            policy_id = record["id"]
            target = Path(record["path"])
            before = self.text(policy_id) if self.entry(policy_id) else ""
            after = target.read_text(encoding="utf-8")
            self.originals.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, self.originals / f"{policy_id}{suffix}")
            lines = [line.text for line in read_document(source).lines]
            write_atomic(self.originals / f"{policy_id}.txt", "\n".join(lines) + "\n")
        record["path"] = str(self.drafts / f"{policy_id}.md")
        write_atomic(self.originals / f"{policy_id}.json", json.dumps(record, ensure_ascii=False))
        if after != before:
            write_atomic(self.drafts / f"{policy_id}.md", after)
            self.history.record(policy_id, who, "upload", before, after, note=name)
        return Upload(name, record, None)

    def save(self, policy_id: str, fields: dict[str, str], body: str | None, who: str) -> Version | None:
        """Fix front-matter fields (and the body) of the policy into its draft.

        Args:
            fields: new values by field name (empty text removes an optional field; list fields are
                separated by new lines or 、，; ``all`` means every zone / industry).
            body: the new body, or None to keep it.

        Returns:
            The history entry, or None when nothing changed.

        Raises:
            DeskError: the result would not pass the corpus checks (nothing is written).
        """
        before = self.text(policy_id)
        meta, old_body = _meta(before)
        for name, value in fields.items():
            if name not in EDITABLE_FIELDS:
                continue
            value = value.strip()
            if not value and name not in meta:
                continue  # left empty and never set: not a change (an imported draft has no zones yet)
            if name in LIST_FIELDS:
                meta[name] = _list_value(value)
            elif name in DATE_FIELDS:
                meta[name] = parse_date(value) or value or None
            else:
                meta[name] = value or None
        meta["id"] = policy_id
        if body is None or body.replace("\r\n", "\n").strip() == old_body:
            paragraphs = [old_body]  # untouched: kept byte for byte, whatever its layout
        else:
            paragraphs = _paragraphs(body)
        after = render_markdown({k: _yaml_ready(v) for k, v in meta.items()}, paragraphs)
        return self._write_draft(policy_id, before, after, who, "edit")

    def _write_draft(self, policy_id: str, before: str, after: str, who: str, action: str) -> Version | None:
        if after == before or not changed_fields(before, after):
            return None  # at most the key order differs: nothing to review or publish
        self._check(after, policy_id)
        write_atomic(self.drafts / f"{policy_id}.md", after)
        return self.history.record(policy_id, who, action, before, after)

    def _check(self, text: str, policy_id: str) -> None:
        try:
            check_markdown(text, Path(f"{policy_id}.md"))
        except ImportFailure as exc:
            raise DeskError(str(exc)) from exc

    def publish(self, policy_id: str, who: str) -> Version:
        """Copy the draft into the corpus folder (atomically) and drop the draft.

        Raises:
            DeskError: no draft to publish, or it does not pass the corpus checks.
        """
        draft = self.draft_path(policy_id)
        if draft is None:
            raise DeskError("没有待发布的草稿")
        after = draft.read_text(encoding="utf-8")
        self._check(after, policy_id)
        self._check_replaced_by(after)
        published = self.published_path(policy_id)
        before = published.read_text(encoding="utf-8") if published else ""
        write_atomic(self.corpus_dir / f"{policy_id}.md", after)
        draft.unlink()
        return self.history.record(policy_id, who, "publish", before, after)

    def _check_replaced_by(self, text: str) -> None:
        target = _meta(text)[0].get("replaced_by")
        if target and self.published_path(str(target)) is None:
            raise DeskError(f"replaced_by 指向的政策 {target} 尚未发布：请先发布它，或清空该字段")

    def unpublish(self, policy_id: str, who: str) -> Version:
        """Take the policy out of the corpus folder; it stays on the desk as a draft.

        Raises:
            DeskError: it is not published, or another published policy names it in ``replaced_by``.
        """
        published = self.published_path(policy_id)
        if published is None:
            raise DeskError("该政策未发布")
        for path in self.corpus_dir.glob("[!_.]*.md"):
            if (
                path != published
                and _meta(path.read_text(encoding="utf-8"))[0].get("replaced_by") == policy_id
            ):
                raise DeskError(f"{path.stem} 的 replaced_by 指向本政策：请先修改该政策")
        before = published.read_text(encoding="utf-8")
        if self.draft_path(policy_id) is None:
            write_atomic(self.drafts / f"{policy_id}.md", before)
        published.unlink()
        return self.history.record(policy_id, who, "unpublish", before, "")

    def expire(self, policy_id: str, until: dt.date, who: str) -> Version:
        """Mark a published policy expired: its ``valid_until`` becomes ``until`` (the last valid day).

        Raises:
            DeskError: it is not published, or ``until`` lies before its issue date.
        """
        published = self.published_path(policy_id)
        if published is None:
            raise DeskError("只有已发布的政策可以标记失效")
        before = published.read_text(encoding="utf-8")
        meta, body = _meta(before)
        meta["valid_until"] = until
        after = render_markdown({k: _yaml_ready(v) for k, v in meta.items()}, [body])
        self._check(after, policy_id)
        write_atomic(published, after)
        return self.history.record(policy_id, who, "expire", before, after, note=f"有效期至 {until}")


def _desc(iso: str) -> str:
    """Sort key for newest first on ISO dates (missing dates last)."""
    return "".join(chr(0x10FFFF - ord(c)) for c in iso) if iso else "\U0010ffff"


def _yaml_ready(value: object) -> object:
    """Dates stay dates; ISO date text becomes a date so that the front matter keeps its type."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body.replace("\r\n", "\n")) if p.strip()]

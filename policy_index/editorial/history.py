"""Version history of a policy as the review page changes it: who, when, what, and a unified diff.

Each entry keeps the full text after the change, so any two versions can be compared later, and the
diff from the text before it (:mod:`difflib`). Two homes with one interface (``record``, ``versions``):
:class:`AuditHistory` — the running service's — keeps them in the shared audit trail of the ticket
database (``store.audit``, table ``audit_events``, subject kind ``policy``), next to the tickets' and
accounts' trails and backed up with them; :class:`History` keeps one JSON line per change in
``<folder>/<policy id>.jsonl`` (append-only, synced) for a desk without a database, and is what
:meth:`AuditHistory.import_files` carries over once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

__all__ = ["ACTION_LABELS", "AuditHistory", "History", "Version", "changed_fields", "text_diff"]

#: What a change was, as the history page names it.
ACTION_LABELS = {
    "upload": "上传导入",
    "edit": "修改",
    "publish": "发布",
    "unpublish": "撤回发布",
    "expire": "标记失效",
    "conditions": "更正适用条件",
}


@dataclass(frozen=True)
class Version:
    """One change of one policy.

    Attributes:
        at: when (UTC, ISO 8601).
        who: the editor's login.
        action: a key of :data:`ACTION_LABELS`.
        fields: front-matter fields whose value changed (``"正文"`` for the body).
        diff: unified diff from the text before to the text after.
        text: the whole text after the change.
        note: a short free-text remark (the uploaded file's name, the reason for expiry …).
    """

    at: str
    who: str
    action: str
    fields: list[str] = field(default_factory=list)
    diff: str = ""
    text: str = ""
    note: str = ""

    @property
    def label(self) -> str:
        """The action in Chinese."""
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def when(self) -> dt.datetime:
        """``at`` as an aware datetime (the page shows it in Beijing time)."""
        return dt.datetime.fromisoformat(self.at)


def _split(text: str) -> tuple[dict, str]:
    try:
        post = frontmatter.loads(text)
    except (yaml.YAMLError, ValueError):
        return {}, text
    return dict(post.metadata), post.content.strip()


def changed_fields(before: str, after: str) -> list[str]:
    """Front-matter keys whose value differs between two policy texts, then ``正文`` if the body does."""
    old_meta, old_body = _split(before)
    new_meta, new_body = _split(after)
    keys = [k for k in dict.fromkeys([*old_meta, *new_meta]) if old_meta.get(k) != new_meta.get(k)]
    return keys + (["正文"] if old_body != new_body else [])


def text_diff(before: str, after: str, *, old_name: str = "修改前", new_name: str = "修改后") -> str:
    """A unified diff of two texts (empty when they are the same)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), old_name, new_name, n=2
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def new_version(who: str, action: str, before: str, after: str, *, note: str = "") -> Version:
    """The history entry of one change made now (``before`` → ``after``)."""
    return Version(
        at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        who=who,
        action=action,
        fields=changed_fields(before, after),
        diff=text_diff(before, after),
        text=after,
        note=note,
    )


class History:
    """The version histories kept in ``folder`` (one file per policy)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, policy_id: str) -> Path:
        return self.folder / f"{policy_id}.jsonl"

    def record(
        self, policy_id: str, who: str, action: str, before: str, after: str, *, note: str = ""
    ) -> Version:
        """Append one change (``before`` → ``after``) and return it."""
        version = new_version(who, action, before, after, note=note)
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._path(policy_id).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(version), ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        return version

    def versions(self, policy_id: str) -> list[Version]:
        """Every recorded change of ``policy_id``, oldest first (a torn last line is skipped)."""
        path = self._path(policy_id)
        if not path.is_file():
            return []
        found = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                found.append(Version(**json.loads(line)))
            except (ValueError, TypeError):
                continue
        return found


class AuditHistory:
    """The version histories in the shared audit trail (``tickets.audit.AuditTrail``: ``record``,
    ``events``), one row per change, subject kind :data:`KIND`, subject the policy id."""

    KIND = "policy"
    #: Left in a JSONL folder once :meth:`import_files` has carried it over.
    IMPORTED_MARK = ".imported-to-audit"

    def __init__(self, trail: Any) -> None:
        self.trail = trail

    def record(
        self, policy_id: str, who: str, action: str, before: str, after: str, *, note: str = ""
    ) -> Version:
        """Record one change (``before`` → ``after``) in the audit trail and return it."""
        version = new_version(who, action, before, after, note=note)
        self.trail.record(self.KIND, policy_id, who, action, _detail(version))
        return version

    def versions(self, policy_id: str) -> list[Version]:
        """Every recorded change of ``policy_id``, oldest first."""
        return [
            Version(at=e.at.isoformat(timespec="seconds"), who=e.actor, action=e.action, **e.detail)
            for e in self.trail.events(self.KIND, policy_id)
        ]

    def import_files(self, folder: Path) -> int:
        """Carry the JSONL histories of ``folder`` over once (policies with no audit rows yet).

        Returns:
            How many versions were imported (0 when the folder was imported before or is absent).
        """
        folder = Path(folder)
        if not folder.is_dir() or (folder / self.IMPORTED_MARK).exists():
            return 0
        files = History(folder)
        imported = 0
        for path in sorted(folder.glob("*.jsonl")):
            if self.trail.events(self.KIND, path.stem, limit=1):
                continue
            for version in files.versions(path.stem):
                at = dt.datetime.fromisoformat(version.at)
                self.trail.record(self.KIND, path.stem, version.who, version.action, _detail(version), at=at)
                imported += 1
        (folder / self.IMPORTED_MARK).write_text(f"{imported}\n", encoding="utf-8")
        return imported


def _detail(version: Version) -> dict[str, Any]:
    return {"fields": version.fields, "diff": version.diff, "text": version.text, "note": version.note}

"""Version history of a policy as the review page changes it: who, when, what, and a unified diff.

One JSON line per change in ``<folder>/<policy id>.jsonl`` (append-only, flushed and synced before the
change is reported done). Each entry keeps the full text after the change, so any two versions can be
compared later, and the diff from the text before it (:mod:`difflib`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import frontmatter
import yaml

__all__ = ["ACTION_LABELS", "History", "Version", "changed_fields", "text_diff"]

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
        version = Version(
            at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            who=who,
            action=action,
            fields=changed_fields(before, after),
            diff=text_diff(before, after),
            text=after,
            note=note,
        )
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

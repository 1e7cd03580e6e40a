"""The policy editors' desk behind ``/office/policies``: drafts from uploaded documents, review,
publish / unpublish / mark expired, version history with diffs, and the background re-index.

Modules: ``desk`` (drafts and the published collection, as plain files), ``history`` (who, when, what,
diff), ``reindex`` (the incremental build a publish starts; run as ``python -m``, so not imported here).
"""

from __future__ import annotations

from policy_index.editorial.desk import EDITABLE_FIELDS, DeskError, Entry, PolicyDesk, Upload
from policy_index.editorial.history import ACTION_LABELS, History, Version

__all__ = [
    "ACTION_LABELS",
    "EDITABLE_FIELDS",
    "DeskError",
    "Entry",
    "History",
    "PolicyDesk",
    "Upload",
    "Version",
]

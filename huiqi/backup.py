"""``huiqi backup --out DIR`` and ``huiqi restore DIR``: the SQLite state of one machine, online.

What is kept: the ticket database (tickets, replies, events, console accounts and passwords, hotline
transcripts) and Rasa's tracker store (every conversation), each copied with SQLite's online backup API
— a consistent snapshot taken while the service keeps writing, never a half-written file — plus the SMS
outbox of local mode. ``manifest.json`` records each file's SHA-256 and row counts, so ``restore``
refuses a damaged or incomplete backup before it touches anything.

Everything else under the data dir is rebuilt (the index: ``make index``) or regenerated (the secret
key: console users sign in again). On PostgreSQL, use pg_dump / pg_restore (docs/operations.md).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from huiqi.settings import Settings, get_settings
from policy_index.hashing import file_sha256

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
#: Plain files copied as they are (append-only, fsynced per line).
PLAIN_FILES = ("outbox.jsonl",)


class BackupError(RuntimeError):
    """A backup or restore cannot proceed; the message says why and what to do (Chinese)."""


@dataclass(frozen=True)
class Database:
    """One SQLite database of the running system."""

    name: str  # file name inside the backup
    label: str  # what it holds, for people
    path: Path


def databases(settings: Settings) -> list[Database]:
    """The SQLite databases of ``settings``: tickets and Rasa's tracker store.

    Raises:
        BackupError: the tickets are on PostgreSQL (use pg_dump).
    """
    from bot.runtime import TRACKER_FILE

    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError(
            "工单数据库不是 SQLite（HUIQI_DATABASE_URL 指向 PostgreSQL）：请用 pg_dump / pg_restore "
            "备份与恢复，见 docs/operations.md 的“备份与恢复”。"
        )
    return [
        Database("huiqi.db", "工单、账号与电话记录", Path(url.database)),
        Database(TRACKER_FILE, "对话记录（Rasa tracker store）", settings.data_dir / TRACKER_FILE),
    ]


def _row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` with SQLite's backup API (one step: a consistent snapshot)."""
    tmp = target.with_name(target.name + ".partial")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)


def backup(settings: Settings, out: Path) -> dict[str, object]:
    """Back up the data dir of ``settings`` into the new or empty folder ``out``; the manifest.

    Raises:
        BackupError: PostgreSQL configured, ``out`` not empty, or no ticket database to back up.
    """
    dbs = databases(settings)
    if not dbs[0].path.is_file():
        raise BackupError(f"没有找到工单数据库 {dbs[0].path}：请确认 HUIQI_DATA_DIR / HUIQI_DATABASE_URL。")
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"备份目录 {out} 不是空目录：请指定一个新目录，以免覆盖已有备份。")
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, object]] = {}
    for db in dbs:
        if not db.path.is_file():
            continue  # e.g. no conversation yet: Rasa creates its tracker store on first use
        _copy_sqlite(db.path, out / db.name)
        files[db.name] = {
            "label": db.label,
            "sha256": file_sha256(out / db.name),
            "rows": _row_counts(out / db.name),
        }
    for name in PLAIN_FILES:
        if (settings.data_dir / name).is_file():
            shutil.copyfile(settings.data_dir / name, out / name)
            files[name] = {"label": "短信发件记录", "sha256": file_sha256(out / name)}
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "data_dir": str(settings.data_dir),
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return manifest


def _read_manifest(folder: Path) -> dict[str, object]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} 不是惠企通备份（缺少 {MANIFEST}）。") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST} 已损坏：{exc}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('format_version')} 不受支持（应为 {FORMAT_VERSION}）。"
        )
    return manifest


def verify(folder: Path) -> dict[str, object]:
    """Check every file of the backup in ``folder`` against its manifest; the manifest.

    Raises:
        BackupError: a file is missing, altered, or not a sound SQLite database.
    """
    manifest = _read_manifest(folder)
    files: dict[str, dict[str, object]] = manifest["files"]  # type: ignore[assignment]
    if "huiqi.db" not in files:
        raise BackupError(f"备份 {folder} 中没有工单数据库 huiqi.db。")
    for name, info in files.items():
        path = folder / name
        if not path.is_file() or file_sha256(path) != info["sha256"]:
            raise BackupError(f"备份文件 {path} 缺失或与清单不符（校验和不一致），不能用于恢复。")
        if "rows" in info:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError(f"备份文件 {path} 未通过 SQLite 完整性检查。")
    return manifest


def restore(settings: Settings, folder: Path, force: bool = False) -> dict[str, object]:
    """Restore the backup in ``folder`` into the data dir of ``settings`` (the service must be stopped).

    Raises:
        BackupError: the backup does not verify, PostgreSQL is configured, or the target already holds
            data and ``force`` is not set.
    """
    manifest = verify(folder)
    files: dict[str, dict[str, object]] = manifest["files"]  # type: ignore[assignment]
    targets = {db.name: db.path for db in databases(settings)}
    targets.update({name: settings.data_dir / name for name in PLAIN_FILES})
    occupied = [str(targets[n]) for n in files if targets[n].exists()]
    if occupied and not force:
        raise BackupError(
            f"目标已有数据：{'、'.join(occupied)}。请先停止服务，并恢复到一个新的数据目录"
            "（HUIQI_DATA_DIR），或确认覆盖后加 --force。"
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    for name in files:
        target = targets[name]
        target.parent.mkdir(parents=True, exist_ok=True)
        for stale in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            stale.unlink(missing_ok=True)
        if name in PLAIN_FILES:
            shutil.copyfile(folder / name, target)
        else:
            _copy_sqlite(folder / name, target)
    return manifest


def _summary(manifest: dict[str, object]) -> str:
    lines = []
    for name, info in manifest["files"].items():  # type: ignore[union-attr]
        rows = info.get("rows") or {}
        counted = "，".join(f"{t} {n} 行" for t, n in rows.items() if n) or "—"
        lines.append(f"  {name}（{info['label']}）：{counted}")
    return "\n".join(lines)


@click.command("backup")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="新的空目录")
def backup_command(out: Path) -> None:
    """在线备份工单、账号、电话记录与对话记录（SQLite；服务运行中也可执行）。"""
    started = time.monotonic()
    try:
        manifest = backup(get_settings(), out)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已备份到 {out}（用时 {time.monotonic() - started:.2f} 秒）：\n{_summary(manifest)}")


@click.command("restore")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="覆盖目标数据目录中已有的数据库")
def restore_command(folder: Path, force: bool) -> None:
    """把备份恢复到 HUIQI_DATA_DIR（请先停止服务）。"""
    started = time.monotonic()
    settings = get_settings()
    try:
        manifest = restore(settings, folder, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"已从 {folder} 恢复到 {settings.data_dir}（用时 {time.monotonic() - started:.2f} 秒）：\n"
        f"{_summary(manifest)}\n索引请用 `make index` 重建；控制台用户需重新登录。"
    )

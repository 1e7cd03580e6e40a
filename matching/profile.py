"""A firm's profile as the matcher reads it, parsed from JSON with errors in plain Chinese.

``{"name", "zone", "industry", "employees", "revenue_wan", "founded", "qualifications": [...],
"events": [...]}``; every field but ``name`` may be missing (then it is unknown, never guessed).
``rd_share`` (研发费用占营业收入 %, optional) is read too.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["FirmProfile", "ProfileError", "load_profile", "parse_profile"]

#: Largest profile file read (a profile is a few hundred bytes).
MAX_PROFILE_BYTES = 256 * 1024


class ProfileError(ValueError):
    """A profile that cannot be read; ``str()`` says in Chinese what is wrong and how to fix it."""


@dataclass(frozen=True)
class FirmProfile:
    """What is known of one firm. ``None`` / a missing list means "unknown", not "none"."""

    name: str
    zone: str | None = None
    industry: str | None = None
    employees: int | None = None
    revenue_wan: float | None = None
    founded: int | None = None  # year
    qualifications: tuple[str, ...] | None = None
    events: tuple[str, ...] | None = None
    rd_share: float | None = None
    extra: dict = field(default_factory=dict)

    def age_years(self, today: dt.date) -> int | None:
        """Whole years since founding (``None`` when the founding year is unknown)."""
        return None if self.founded is None else today.year - self.founded


def _text(data: dict, key: str, label: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProfileError(f"企业画像字段 {key}（{label}）应为文字，实际为 {value!r}")
    return value.strip() or None


def _number(data: dict, key: str, label: str, *, integer: bool = False) -> float | int | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        cleaned = re.sub(r"[,，\s]|万元|万|人|%", "", value)
        try:
            value = float(cleaned)
        except ValueError:
            raise ProfileError(f"企业画像字段 {key}（{label}）应为数字，实际为 {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ProfileError(f"企业画像字段 {key}（{label}）应为不小于 0 的数字，实际为 {value!r}")
    return int(value) if integer else float(value)


def _founded(data: dict) -> int | None:
    value = data.get("founded")
    if value is None or value == "":
        return None
    match = re.match(r"^\s*(\d{4})", str(value))
    year = int(match.group(1)) if match else None
    if year is None or not 1900 <= year <= 2100:
        raise ProfileError(
            f"企业画像字段 founded（成立年份）应为年份，如 2019 或 2019-05-01，实际为 {value!r}"
        )
    return year


def _strings(data: dict, key: str, label: str) -> tuple[str, ...] | None:
    if key not in data or data[key] is None:
        return None
    value = data[key]
    if isinstance(value, str):
        value = [v for v in re.split(r"[,，、;；\n]", value)]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f'企业画像字段 {key}（{label}）应为文字列表，如 ["高新技术企业"]')
    return tuple(v.strip() for v in value if v.strip())


def parse_profile(data: object) -> FirmProfile:
    """Validate decoded JSON as a profile.

    Raises:
        ProfileError: the data is not an object or a field has the wrong type.
    """
    if not isinstance(data, dict):
        raise ProfileError('企业画像应为一个 JSON 对象，如 {"name": "某某公司", "zone": "…"}')
    name = _text(data, "name", "企业名称") or "（未填写名称）"
    known = {"name", "zone", "industry", "employees", "revenue_wan", "founded"}
    known |= {"qualifications", "events", "rd_share"}
    return FirmProfile(
        name=name,
        zone=_text(data, "zone", "所在区位"),
        industry=_text(data, "industry", "行业"),
        employees=_number(data, "employees", "职工人数", integer=True),
        revenue_wan=_number(data, "revenue_wan", "年营业收入（万元）"),
        founded=_founded(data),
        qualifications=_strings(data, "qualifications", "资质"),
        events=_strings(data, "events", "近期情形"),
        rd_share=_number(data, "rd_share", "研发费用占比 %"),
        extra={k: v for k, v in data.items() if k not in known},
    )


def load_profile(path: Path | str) -> FirmProfile:
    """Read a profile file (UTF-8 JSON).

    Raises:
        ProfileError: the file is missing, too large, not UTF-8, not JSON, or not a valid profile.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProfileError(f"无法读取企业画像文件 {path}：{exc.strerror or exc}") from exc
    if len(raw) > MAX_PROFILE_BYTES:
        raise ProfileError(f"企业画像文件 {path.name} 过大（超过 {MAX_PROFILE_BYTES // 1024} KB）")
    if not raw.strip():
        raise ProfileError(f"企业画像文件 {path.name} 是空的")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError(f"企业画像文件 {path.name} 不是 UTF-8 编码的文本") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError(
            f"企业画像文件 {path.name} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）"
        ) from exc
    return parse_profile(data)

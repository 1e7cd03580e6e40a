"""The official account's custom menu: a data file, checked against WeChat's limits before it is pushed.

``data/wechat/menu.json`` is the body of WeChat's ``menu/create`` call. Every click key must be one the
channel answers (:data:`MENU_KEYS`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from huiqi.settings import PROJECT_ROOT

__all__ = ["MENU_FILE", "MENU_KEYS", "MenuError", "load_menu"]

MENU_FILE = PROJECT_ROOT / "data" / "wechat" / "menu.json"

#: Click keys the channel answers, and what each does.
MENU_KEYS = {
    "POLICY_ASK": "政策咨询：提示直接提问",
    "POLICY_MATCH": "我能享受哪些政策：把这句话送进对话",
    "LAWYER": "找律师：与网页“找律师 / 转人工”相同",
    "MY_TICKETS": "我的工单：列出在公众号提交的工单",
}

# WeChat's limits (official documentation of menu/create).
_MAX_TOP, _MAX_SUB = 3, 5
_TOP_NAME_BYTES, _SUB_NAME_BYTES, _KEY_BYTES = 16, 60, 128


class MenuError(ValueError):
    """The menu file breaks one of WeChat's rules; the message says which button."""


def _check_button(button: Any, limit: int, where: str) -> list[str]:
    if not isinstance(button, dict) or not isinstance(button.get("name"), str) or not button["name"].strip():
        return [f"{where}缺少名称 name"]
    name = button["name"]
    problems = []
    if len(name.encode("utf-8")) > limit:
        problems.append(f"{where}“{name}”名称过长（不超过 {limit} 字节）")
    if "sub_button" in button:
        return problems
    if button.get("type") == "click":
        key = button.get("key")
        if not isinstance(key, str) or not key or len(key.encode()) > _KEY_BYTES:
            problems.append(f"{where}“{name}”缺少有效的 key")
        elif key not in MENU_KEYS:
            problems.append(f"{where}“{name}”的 key {key} 没有对应的处理")
    elif button.get("type") == "view":
        if not str(button.get("url", "")).startswith(("http://", "https://")):
            problems.append(f"{where}“{name}”缺少网址 url")
    else:
        problems.append(f"{where}“{name}”的类型应为 click 或 view")
    return problems


def check_menu(menu: Any) -> None:
    """Check a menu definition against WeChat's limits.

    Raises:
        MenuError: listing every problem found.
    """
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= _MAX_TOP:
        raise MenuError(f"菜单应有 1 至 {_MAX_TOP} 个一级菜单（button）")
    problems = []
    for i, button in enumerate(buttons, 1):
        problems += _check_button(button, _TOP_NAME_BYTES, f"一级菜单 {i} ")
        subs = button.get("sub_button") if isinstance(button, dict) else None
        if subs is None:
            continue
        if not isinstance(subs, list) or not 1 <= len(subs) <= _MAX_SUB:
            problems.append(f"一级菜单 {i} 的子菜单应有 1 至 {_MAX_SUB} 个")
            continue
        for j, sub in enumerate(subs, 1):
            problems += _check_button(sub, _SUB_NAME_BYTES, f"子菜单 {i}.{j} ")
    if problems:
        raise MenuError("；".join(problems))


def load_menu(path: Path | str = MENU_FILE) -> dict[str, Any]:
    """Read and check the menu file.

    Raises:
        MenuError: the file is missing, not JSON, or breaks WeChat's rules.
    """
    path = Path(path)
    try:
        menu = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MenuError(f"无法读取菜单文件 {path}：{exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise MenuError(f"菜单文件 {path.name} 不是有效的 JSON（第 {exc.lineno} 行）") from exc
    check_menu(menu)
    return menu

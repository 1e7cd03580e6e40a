"""Check through the front door that a firm's profile is kept only with its consent, is used in its next
call, and is deleted by "删除我们公司的信息" — against a running ``make run``, over HTTP.

The hotline webhooks are posted over real HTTP, signed as Twilio signs them
(:class:`connectors.voice.simulator.CallSimulator` with :class:`~connectors.voice.simulator.HttpClient`);
each call is a new conversation (a new CallSid) of the same caller number, the key of its profile. What
was stored is read from the profile store ``make run`` writes (as ``huiqi profiles show`` does).

    TWILIO_AUTH_TOKEN=… (as for make run) .venv/bin/python scripts/check_profile_consent.py

Prints each step; exits 1 at the first step that does not hold.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from connectors.voice.simulator import CallSimulator, HttpClient
from huiqi.settings import get_settings
from tickets.profiles import ProfileStore, profile_key

#: The check's answers as a caller says them, in the order the hotline asks (zone … events).
ANSWERS = {
    "贵企业在哪个街道": "蓝村街道",
    "什么行业": "搞机械加工的",
    "多少名员工": "两百来人",
    "营业收入": "三千万左右",
    "哪一年成立": "2015年",
    "认定": "没有",
    "最近一两年": "没有",
}
STATED = "我们是高新技术企业，今年招了5个应届生"


class Failed(AssertionError):
    """A step of the check did not hold."""


def step(name: str, ok: bool, detail: str = "") -> None:
    """Print one step; raise :class:`Failed` when it does not hold."""
    print(f"{'✓' if ok else '✗'} {name}" + (f"：{detail}" if detail and not ok else ""), flush=True)
    if not ok:
        raise Failed(name)


def answer_the_check(call: CallSimulator, said: str, consent: str, seen: list[str]) -> str:
    """Answer every question of the guided check (recording what was asked); returns the final answer."""
    for _ in range(12):
        asked = said
        if "要不要保存" in asked:
            return call.say(consent).text
        reply = next((text for key, text in ANSWERS.items() if key in asked), None)
        if reply is None:
            return asked
        seen.append(asked)
        said = call.say(reply).text
    raise Failed(f"the check did not end: {said}")


def run(base_url: str, token: str, public_url: str, profiles: ProfileStore) -> None:
    """The steps (see the module docstring)."""
    number = f"+86139{random.randrange(10**8):08d}"
    key = profile_key(phone=number)

    def new_call() -> CallSimulator:
        """A new call (a new conversation) from ``number``, over HTTP, signed as Twilio signs."""
        return CallSimulator(HttpClient(base_url, 60), token, public_url, number)

    # 1. declined: nothing kept, not even facts said later
    call = new_call()
    call.start()
    call.say(STATED)
    step("说出资质和近况后、未征得同意前不保存任何信息", profiles.get(key) is None)
    asked: list[str] = []
    result = answer_the_check(call, call.say("我能享受哪些政策").text, "不用", asked)
    quals = next((a for a in asked if "认定" in a), "")
    step("核对时不再问已说过的资质（只问“除了高新技术企业”之外的）", "除了高新技术企业" in quals, quals)
    step("核对有结果", "符合" in result or "没有对上" in result, result)
    call.say("我们厂现在有250个人了")
    stored = profiles.get(key)
    kept = stored is not None and (stored.consent == "granted" or bool(stored.facts))
    step("不同意保存：没有保存任何企业信息", not kept, str(stored))

    # 2. another firm agrees: its facts, and what it says later, are kept
    number = f"+86139{random.randrange(10**8):08d}"
    key = profile_key(phone=number)
    call = new_call()
    call.start()
    call.say(STATED)
    answer_the_check(call, call.say("我能享受哪些政策").text, "同意", [])
    stored = profiles.get(key)
    step("同意后保存", stored is not None and stored.consent == "granted", str(stored))
    facts = stored.facts
    step("对话中说的资质已保存", "高新技术企业" in (facts.get("qualifications") or []), str(facts))
    step("对话中说的近况已保存", any("应届生" in e for e in facts.get("events") or []), str(facts))
    call.say("我们刚评上了专精特新")
    facts = profiles.get(key).facts
    quals = facts.get("qualifications", [])
    step("同意后在普通对话里说的资质也保存", "专精特新中小企业" in quals, str(facts))

    # 3. the next call: the profile is used, nothing known is asked again
    call = new_call()
    call.start()
    first = call.say("我能享受哪些政策").text
    step("下次来电直接按保存的信息核对，不再提问", "贵企业在哪个街道" not in first and "符合" in first, first)

    # 4. deleted on request; the call after that starts from nothing
    said = call.say("删除我们公司的信息").text
    stored = profiles.get(key)
    erased = stored is not None and stored.consent == "revoked" and not stored.facts
    step("“删除我们公司的信息”后删除", "已删除" in said and erased, said)
    call = new_call()
    call.start()
    again = call.say("我能享受哪些政策").text
    step("删除后再来电，从头询问", "街道" in again, again)


def main() -> int:
    settings = get_settings()
    if not settings.twilio_auth_token:
        print("需要 TWILIO_AUTH_TOKEN（与 make run 相同）", file=sys.stderr)
        return 2
    base_url = f"http://127.0.0.1:{settings.web_port}"
    profiles = ProfileStore(settings.database_url)
    try:
        run(base_url, settings.twilio_auth_token, settings.public_url, profiles)
    except Failed:
        return 1
    finally:
        profiles.dispose()
    print("全部通过")
    return 0


if __name__ == "__main__":
    sys.exit(main())

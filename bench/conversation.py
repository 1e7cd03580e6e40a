"""Replay labelled conversations and question sets through ``/api/chat`` of a running system.

Every turn is sent as a firm would send it (one sender id per conversation, one per single
question), and the reply is judged against the label of the turn:

* a policy id: the first citation of the reply must be that policy (a list: every one of them cited);
  ``says`` (optional) lists phrases of which one must appear in the reply text;
* ``no_match`` (or ``null``): no clause cited and a lawyer offered (``action`` ``no_match`` /
  ``offer_escalation``, or a reply that speaks of a lawyer: an off-topic reply naming 转人工, the
  escalation form started);
* ``-``: small talk, not scored.

Printed figures (``--json`` writes them too): first turn cited right, follow-up turns right, last turn
right; over answerable turns and questions: cited right, turned away (a fixed reply — rephrase,
已记下, off-topic, a form — instead of retrieval's answer) and no match (retrieval found nothing
answerable, a lawyer offered); no-match handled right; and the ``/api/chat`` latency p50 / p95 over
every message sent (sequential).

The system must serve the collection the files are labelled on: ``--collection dev`` (default,
``data/policies``), ``--collection heldout`` (start it with
``HUIQI_CORPUS_DIR=data/eval/heldout/policies``) or ``--collection prose`` (the blind set, never tuned
on: ``HUIQI_CORPUS_DIR=data/eval/prose/policies``; ``--collection prose2`` replays the second blind
conversation set, written before round 4's follow-up work, on the same collection; diagnosed on since
2026-12-02 13:00, so no longer blind). ``--collection
long`` replays long turns that state the firm's facts and then ask (headcount, revenue, zone, speech
slips) on ``data/policies``; ``--collection heldout-long`` asks such questions of the held-out
collection; ``--collection blind3`` replays a set on another district's collection (平度市,
``data/eval/blind3``). Run
``make run`` first, then e.g.
``.venv/bin/python -m bench.conversation --base-url http://127.0.0.1:8000``. A 429 (rate limit) is
waited out as its ``Retry-After`` says; start the system with ``HUIQI_CHAT_IP_RATE_LIMIT`` raised to
avoid the waits.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
#: Collection name -> (conversation file or None, question file or None).
COLLECTIONS: dict[str, tuple[Path | None, Path | None]] = {
    "dev": (ROOT / "data/eval/conversations.jsonl", ROOT / "data/eval/questions.jsonl"),
    "heldout": (ROOT / "data/eval/heldout/conversations.jsonl", ROOT / "data/eval/heldout/questions.jsonl"),
    "prose": (ROOT / "data/eval/prose/conversations.jsonl", ROOT / "data/eval/prose/questions.jsonl"),
    # The second set (round 4; diagnosed on since round 6): conversations only, on the ``prose`` collection.
    "prose2": (ROOT / "data/eval/prose/conversations-2.jsonl", None),
    # Long turns that state the firm's facts, then ask (issue 10): on data/policies and the held-out one.
    "long": (ROOT / "data/eval/long_conversations.jsonl", ROOT / "data/eval/long_questions.jsonl"),
    "heldout-long": (None, ROOT / "data/eval/heldout/long_questions.jsonl"),
    # Every district written blind and measured once before it was read (data/eval/blindN, each with its
    # README; start with HUIQI_CORPUS_DIR=data/eval/blindN/policies and HUIQI_ZONES_FILE=
    # data/eval/blindN/zones.yaml — blind3 (平度市) with tests/data/pingdu-zones.yaml).
    **{
        d.name: (d / "conversations.jsonl", d / "questions.jsonl")
        for d in sorted((ROOT / "data/eval").glob("blind*"), key=lambda d: int(d.name[5:]))
    },
}
NO_MATCH = "no_match"
NOT_SCORED = "-"
LAWYER_ACTIONS = {"no_match", "offer_escalation"}


@dataclass
class Turn:
    """One message sent and what came back."""

    q: str
    expect: Any
    says: list[str]
    text: str = ""
    cited: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    ms: float = 0.0

    @property
    def answerable(self) -> bool:
        return self.expect not in (NO_MATCH, NOT_SCORED, None)

    @property
    def no_match(self) -> bool:
        """Retrieval ran and found nothing answerable: no clause, a lawyer offered."""
        return not self.cited and bool(LAWYER_ACTIONS & set(self.actions))

    @property
    def lawyer_offered(self) -> bool:
        """A lawyer offered or engaged: a no-match payload, or the reply speaks of one (off-topic, a form)."""
        return bool(LAWYER_ACTIONS & set(self.actions)) or "律师" in self.text

    @property
    def turned_away(self) -> bool:
        """A fixed reply instead of retrieval's (rephrase, 已记下, off-topic without an offer, a form)."""
        return not self.cited and not self.no_match

    @property
    def right(self) -> bool:
        """Whether the reply is what the label asks for."""
        if self.expect == NOT_SCORED:
            return True
        if self.expect == NO_MATCH:
            return not self.cited and self.lawyer_offered
        expected = self.expect if isinstance(self.expect, list) else [self.expect]
        cited_ok = (
            bool(self.cited) and self.cited[0] == expected[0] and all(e in self.cited for e in expected)
        )
        return cited_ok and (not self.says or any(phrase in self.text for phrase in self.says))

    @property
    def outcome(self) -> str:
        """What kind of reply it got (for the failure list)."""
        if self.cited:
            return "cited " + ",".join(dict.fromkeys(self.cited))
        return "/".join(a for a in self.actions if a) or "text: " + self.text[:40].replace("\n", " ")


class Chat:
    """A sequential client of ``POST /api/chat`` that records each message's latency."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.url = base_url.rstrip("/") + "/api/chat"
        self.session = requests.Session()
        self.timeout = timeout
        self.latencies: list[float] = []
        self.waited = 0.0

    def send(self, sender: str, turn: Turn) -> Turn:
        """Send ``turn.q`` as ``sender`` and fill in the reply (429s are waited out and retried)."""
        while True:
            started = time.perf_counter()
            response = self.session.post(
                self.url, json={"sender": sender, "message": turn.q}, timeout=self.timeout
            )
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 429:
                break
            pause = float(response.headers.get("Retry-After") or 5)
            self.waited += pause
            time.sleep(pause)
        self.latencies.append(elapsed)
        turn.ms = elapsed
        messages = response.json().get("messages") or [] if response.ok else []
        turn.text = "\n".join(str(m.get("text") or "") for m in messages)
        turn.cited = [str(c.get("policy_id")) for m in messages for c in m.get("citations") or []]
        turn.actions = [str(m.get("action") or "") for m in messages]
        if not response.ok:
            turn.actions.append(f"http-{response.status_code}")
        return turn


def _shown(path: Path) -> str:
    """A set's path as printed: relative to the project when inside it (a blind set may lie outside)."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def label_of(turn: dict[str, Any]) -> Any:
    """The label of a conversation turn; ``null`` (no policy answers it) is read as ``no_match``."""
    expect = turn.get("expect")
    return NO_MATCH if expect is None else expect


def run_conversations(chat: Chat, conversations: list[dict[str, Any]]) -> list[list[Turn]]:
    """Replay each conversation with its own sender id."""
    played = []
    for conversation in conversations:
        sender = f"web-bench-{uuid.uuid4()}"
        turns = [
            chat.send(sender, Turn(t["q"], label_of(t), list(t.get("says") or [])))
            for t in conversation["turns"]
        ]
        played.append(turns)
    return played


def run_questions(chat: Chat, questions: list[dict[str, Any]]) -> list[Turn]:
    """Ask each labelled question in a conversation of its own."""
    return [
        chat.send(f"web-bench-{uuid.uuid4()}", Turn(q["q"], q.get("policy_id") or NO_MATCH, []))
        for q in questions
    ]


def share(hits: int, total: int) -> dict[str, Any]:
    """``{"right", "of", "rate"}``."""
    return {"right": hits, "of": total, "rate": round(hits / total, 3) if total else None}


def conversation_figures(played: list[list[Turn]]) -> dict[str, Any]:
    """First turn / follow-up / last turn figures, turned-away and no-match figures over the turns."""
    scored = [[t for t in turns if t.expect != NOT_SCORED] for turns in played]
    scored = [turns for turns in scored if turns]
    firsts = [turns[0] for turns in scored]
    follow_ups = [t for turns in scored for t in turns[1:]]
    every = [t for turns in scored for t in turns]
    return {
        "conversations": len(played),
        "first_turn_right": share(sum(t.right for t in firsts), len(firsts)),
        "follow_ups_right": share(sum(t.right for t in follow_ups), len(follow_ups)),
        "last_turn_right": share(sum(turns[-1].right for turns in scored), len(scored)),
        **turn_figures(every),
    }


def turn_figures(turns: list[Turn]) -> dict[str, Any]:
    """Cited right / turned away over answerable turns, no-match handled over the others."""
    answerable = [t for t in turns if t.answerable]
    unanswerable = [t for t in turns if t.expect == NO_MATCH]
    return {
        "answerable_cited_right": share(sum(t.right for t in answerable), len(answerable)),
        "answerable_turned_away": share(sum(t.turned_away for t in answerable), len(answerable)),
        "answerable_no_match": share(sum(t.no_match for t in answerable), len(answerable)),
        "no_match_handled": share(sum(t.right for t in unanswerable), len(unanswerable)),
    }


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def print_report(name: str, figures: dict[str, Any]) -> None:
    """One block of figures, aligned."""
    print(f"\n{name}")
    for key, value in figures.items():
        if isinstance(value, dict):
            rate = "—" if value["rate"] is None else f"{100 * value['rate']:.1f} %"
            print(f"  {key:<24} {value['right']:>4} / {value['of']:<4} {rate}")
        else:
            print(f"  {key:<24} {value}")


def failures(played: list[list[Turn]], conversations: list[dict[str, Any]]) -> list[str]:
    """Lines naming each wrong turn: conversation id, turn, question, expected, got."""
    lines = []
    for conversation, turns in zip(conversations, played, strict=True):
        for number, turn in enumerate(turns, 1):
            if not turn.right:
                lines.append(
                    f"{conversation['id']}#{number} {turn.q} | want {turn.expect} | got {turn.outcome}"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--collection", choices=sorted(COLLECTIONS), default="dev")
    parser.add_argument("--conversations", type=Path, help="conversation JSONL (default: the collection's)")
    parser.add_argument("--questions", type=Path, help="question JSONL (default: the collection's)")
    parser.add_argument("--no-questions", action="store_true", help="replay the conversations only")
    parser.add_argument("--verbose", action="store_true", help="list every wrong turn")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    conv_file, question_file = COLLECTIONS[args.collection]
    conv_file = args.conversations or conv_file
    question_file = args.questions or question_file
    chat = Chat(args.base_url)
    report: dict[str, Any] = {}
    bad: list[str] = []
    if conv_file:
        conversations = read_jsonl(conv_file)
        played = run_conversations(chat, conversations)
        report["conversations"] = conversation_figures(played)
        print_report(f"Conversations ({_shown(conv_file)})", report["conversations"])
        patterns: Counter[str] = Counter()
        wrong: Counter[str] = Counter()
        for conversation, turns in zip(conversations, played, strict=True):
            ok = all(t.right for t in turns)
            for pattern in conversation.get("patterns") or []:
                patterns[pattern] += 1
                wrong[pattern] += not ok
        report["by_pattern"] = {p: share(patterns[p] - wrong[p], patterns[p]) for p in sorted(patterns)}
        print_report("Conversations wholly right, by pattern", report["by_pattern"])
        bad = failures(played, conversations)
    if question_file and not args.no_questions:
        questions = read_jsonl(question_file)
        asked = run_questions(chat, questions)
        report["questions"] = {"questions": len(asked), **turn_figures(asked)}
        print_report(f"Single questions ({_shown(question_file)})", report["questions"])
        bad += [
            f"{q['q']} | want {t.expect} | got {t.outcome}"
            for q, t in zip(questions, asked, strict=True)
            if not t.right
        ]
    lat = chat.latencies
    report["latency_ms"] = {
        "messages": len(lat),
        "p50": round(statistics.median(lat), 1),
        "p95": round(percentile(lat, 95), 1),
        "max": round(max(lat), 1),
        "rate_limit_waits_s": chat.waited,
    }
    print_report("/api/chat latency, sequential (ms)", report["latency_ms"])
    if args.verbose:
        print("\nWrong turns:")
        print("\n".join("  " + line for line in bad))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

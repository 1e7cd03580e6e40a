#!/usr/bin/env python3
"""blind100 盲测集校验脚本（仅用 Python 标准库）。

用法：
    python3 check.py            校验全部文件，输出 OK 或错误清单
    python3 check.py --labels   打印每件政策的版式与条款标签
"""
import datetime
import json
import os
import re
import sys
from collections import Counter

BASE = os.path.dirname(os.path.abspath(__file__))
POLICY_DIR = os.path.join(BASE, "policies")
TODAY = datetime.date(2026, 12, 6)
PREFIX = "FM"

FULL_KEYS = ["id", "title", "issuer", "doc_no", "issued", "valid_until", "zones", "industries", "tags"]
BRIEF_KEYS = ["id", "title", "issuer", "doc_no", "issued"]
EXPECT_FULL, EXPECT_BRIEF = 14, 6
EXPECT_LAYOUT = {"A": 8, "B": 7, "C": 5}

KIND_TARGET = {"situation": 20, "number": 17, "paraphrase": 17, "procedure": 17,
               "asr": 15, "terse": 14, "near_miss": 18, "off_topic": 12}
ANSWERABLE_KINDS = {"situation", "number", "paraphrase", "procedure", "asr", "terse"}
PATTERNS = {"aspect_followup", "variant", "zone_later", "topic_switch", "two_part",
            "facts_then_question", "not_covered_followup", "asr", "expired"}

# 相似/互斥政策对：双方正文都须用书名号引用对方全称
PAIRS = [("FM-2025-001", "FM-2025-002"), ("FM-2025-006", "FM-2025-007"),
         ("FM-2025-010", "FM-2025-020"), ("FM-2025-015", "FM-2025-016")]
# 失效政策：(旧政策, 替代政策或 None)
EXPIRED = [("FM-2023-018", "FM-2026-009"), ("FM-2024-019", None)]

CN_NUM = "一二三四五六七八九十"
RE_A = re.compile(r"^(第[一二三四五六七八九十百]+条)")
RE_B_CH = re.compile(r"^(?:#+\s*)?([一二三四五六七八九十]+)、")
RE_B_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- front matter
def parse_scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        return [parse_scalar(x) for x in inner.split(",")] if inner else []
    return v


def read_policy(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ValueError("缺少 front matter 起始 ---")
    fm, i = {}, 1
    last_key = None
    while i < len(lines) and lines[i].strip() != "---":
        line = lines[i]
        if line.strip() == "":
            i += 1
            continue
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", line)
        if m:
            last_key = m.group(1)
            fm[last_key] = parse_scalar(m.group(2)) if m.group(2).strip() else []
        elif line.strip().startswith("- ") and last_key:
            if not isinstance(fm[last_key], list):
                fm[last_key] = []
            fm[last_key].append(parse_scalar(line.strip()[2:]))
        else:
            raise ValueError("无法解析的 front matter 行: %r" % line)
        i += 1
    if i >= len(lines):
        raise ValueError("缺少 front matter 结束 ---")
    body = "\n".join(lines[i + 1:])
    return fm, body


def body_paragraphs(body):
    return [ln.strip() for ln in body.split("\n") if ln.strip()]


def detect_layout(body):
    paras = body_paragraphs(body)
    if any(RE_A.match(p) for p in paras):
        return "A"
    if any(RE_B_ITEM.match(p) for p in paras) and any(RE_B_CH.match(p) for p in paras):
        return "B"
    return "C"


def labels_for(body, layout):
    paras = body_paragraphs(body)
    labels = []
    if layout == "A":
        for p in paras:
            m = RE_A.match(p)
            if m:
                labels.append(m.group(1))
    elif layout == "B":
        chapter = None
        for p in paras:
            if p.startswith("# ") and not RE_B_CH.match(p[2:].strip()):
                continue
            m = RE_B_CH.match(p)
            if m and not RE_B_ITEM.match(p):
                chapter = m.group(1)
                continue
            m = RE_B_ITEM.match(p)
            if m and chapter:
                labels.append("%s、（%s）" % (chapter, m.group(1)))
    else:
        labels = ["第%d段" % (i + 1) for i in range(len(paras))]
    return labels


def parse_date(s, where):
    try:
        return datetime.date.fromisoformat(str(s))
    except ValueError:
        err("%s: 日期格式错误 %r" % (where, s))
        return None


# ---------------------------------------------------------------- zones.yaml
def parse_zones_yaml(path):
    """解析本数据集 zones.yaml 所用的 YAML 子集。"""
    data = {"district": {}, "zones": [], "aliases": {}, "places": {}, "teams": []}
    section = None
    team = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.strip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip(" "))
            s = line.strip()
            if indent == 0:
                section = s.rstrip(":")
                if section not in data:
                    raise ValueError("未知顶层键 %s" % section)
                continue
            if section == "district":
                k, v = s.split(":", 1)
                data["district"][k.strip()] = parse_scalar(v)
            elif section == "zones":
                if not s.startswith("- "):
                    raise ValueError("zones 行格式错误: %r" % s)
                data["zones"].append(parse_scalar(s[2:]))
            elif section in ("aliases", "places"):
                k, v = s.split(":", 1)
                data[section][k.strip()] = parse_scalar(v)
            elif section == "teams":
                if indent == 2 and s.startswith("- "):
                    team = {"lawyers": []}
                    data["teams"].append(team)
                    s = s[2:]
                    k, v = s.split(":", 1)
                    team[k.strip()] = parse_scalar(v)
                elif s.startswith("- {") and s.endswith("}"):
                    d = {}
                    for part in s[3:-1].split(","):
                        k, v = part.split(":", 1)
                        d[k.strip()] = parse_scalar(v)
                    team["lawyers"].append(d)
                else:
                    k, v = s.split(":", 1)
                    if k.strip() != "lawyers":
                        team[k.strip()] = parse_scalar(v)
    return data


# ---------------------------------------------------------------- main checks
def main():
    show_labels = "--labels" in sys.argv[1:]
    policies = {}
    files = sorted(fn for fn in os.listdir(POLICY_DIR) if fn.endswith(".md"))
    for fn in files:
        path = os.path.join(POLICY_DIR, fn)
        try:
            fm, body = read_policy(path)
        except ValueError as e:
            err("%s: %s" % (fn, e))
            continue
        pid = fm.get("id")
        if pid is None or fn != "%s.md" % pid:
            err("%s: id %r 与文件名不一致" % (fn, pid))
        if not re.match(r"^%s-\d{4}-\d{3}$" % PREFIX, str(pid)):
            err("%s: id 格式错误" % fn)
        if pid in policies:
            err("%s: id 重复" % pid)
        keys = set(fm)
        if keys == set(FULL_KEYS):
            kind = "full"
        elif keys == set(BRIEF_KEYS):
            kind = "brief"
        else:
            kind = "?"
            err("%s: front matter 字段不符合完整或简略格式: %s" % (pid, sorted(keys)))
        issued = parse_date(fm.get("issued"), pid)
        if issued and str(issued.year) != str(pid)[3:7]:
            err("%s: id 年份与 issued 不一致" % pid)
        layout = detect_layout(body)
        labels = labels_for(body, layout)
        if len(labels) != len(set(labels)):
            err("%s: 条款标签重复 %s" % (pid, [l for l, c in Counter(labels).items() if c > 1]))
        if not labels:
            err("%s: 未解析出条款标签" % pid)
        paras = body_paragraphs(body)
        if layout == "C":
            if not (paras[0].endswith("：") and paras[0].startswith("各")):
                err("%s: C 版式首段应为称谓段" % pid)
            if paras[-1] != "特此通知。":
                err("%s: C 版式应以“特此通知。”结尾" % pid)
        policies[pid] = {"fm": fm, "body": body, "kind": kind, "layout": layout, "labels": labels}

    if show_labels:
        for pid in sorted(policies, key=lambda x: x[-3:]):
            p = policies[pid]
            print("%s [%s/%s] %s" % (pid, p["layout"], p["kind"], p["fm"].get("title")))
            print("    " + " ".join(p["labels"]))
        return 0

    # 数量与编号
    if len(policies) != 20:
        err("政策数应为 20，实际 %d" % len(policies))
    nums = sorted(int(pid[-3:]) for pid in policies)
    if nums != list(range(1, 21)):
        err("政策编号应为 001-020: %s" % nums)
    kc = Counter(p["kind"] for p in policies.values())
    if kc["full"] != EXPECT_FULL or kc["brief"] != EXPECT_BRIEF:
        err("完整/简略 front matter 数量应为 %d/%d，实际 %s" % (EXPECT_FULL, EXPECT_BRIEF, dict(kc)))
    lc = Counter(p["layout"] for p in policies.values())
    if dict(lc) != EXPECT_LAYOUT:
        err("版式数量应为 %s，实际 %s" % (EXPECT_LAYOUT, dict(lc)))

    # zones.yaml
    try:
        z = parse_zones_yaml(os.path.join(BASE, "zones.yaml"))
    except (ValueError, OSError) as e:
        err("zones.yaml: %s" % e)
        z = None
    zone_names = set()
    if z:
        zone_names = set(z["zones"])
        if not 5 <= len(z["zones"]) <= 7:
            err("zones.yaml: 镇街数量应为 5-7 个")
        for k in ("name", "hotline", "address"):
            if not z["district"].get(k):
                err("zones.yaml: district.%s 缺失" % k)
        if "示例地址" not in z["district"].get("address", ""):
            err("zones.yaml: district.address 未标注（示例地址）")
        cover = Counter()
        if len(z["teams"]) != 3:
            err("zones.yaml: 律师团队应为 3 个")
        for t in z["teams"]:
            for zn in t.get("zones", []):
                cover[zn] += 1
                if zn not in zone_names:
                    err("zones.yaml: 团队 %s 覆盖未知镇街 %s" % (t.get("id"), zn))
            if "（示例）" not in t.get("firm", ""):
                err("zones.yaml: 团队 %s 律所名未标注（示例）" % t.get("id"))
            if not re.match(r"^[0-9-]+$", str(t.get("duty_phone", ""))):
                err("zones.yaml: 团队 %s 值班电话格式错误" % t.get("id"))
            if len(t["lawyers"]) < 2:
                err("zones.yaml: 团队 %s 律师少于 2 人" % t.get("id"))
            for lw in t["lawyers"]:
                if not re.match(r"^1\d{10}$", str(lw.get("phone", ""))):
                    err("zones.yaml: 律师 %s 电话格式错误" % lw.get("name"))
        for zn in zone_names:
            if cover[zn] != 1:
                err("zones.yaml: 镇街 %s 被 %d 个团队覆盖（应恰为 1）" % (zn, cover[zn]))
        seen = {}
        for sec in ("aliases", "places"):
            for zn, items in z[sec].items():
                if zn not in zone_names:
                    err("zones.yaml: %s 中有未知镇街 %s" % (sec, zn))
                for it in items:
                    if it in zone_names and it != zn:
                        err("zones.yaml: %s 与镇街名冲突" % it)
                    if it in seen and seen[it] != zn:
                        err("zones.yaml: 别名/地名 %s 在 %s 与 %s 重复" % (it, seen[it], zn))
                    seen.setdefault(it, zn)
        for zn in zone_names:
            if zn not in z["aliases"] or zn not in z["places"]:
                err("zones.yaml: 镇街 %s 缺少别名或地名" % zn)

    # 政策内容检查
    for pid, p in policies.items():
        fm = p["fm"]
        if p["kind"] == "full":
            vu = parse_date(fm.get("valid_until"), pid)
            zs = fm.get("zones")
            if zs != "all":
                if not isinstance(zs, list) or not set(zs) <= zone_names:
                    err("%s: zones 非 all 且含未知镇街: %s" % (pid, zs))
            if fm.get("industries") != "all" and not isinstance(fm.get("industries"), list):
                err("%s: industries 格式错误" % pid)
            if not isinstance(fm.get("tags"), list):
                err("%s: tags 应为列表" % pid)
        for m in re.finditer(r"0432-(\d+)", p["body"]):
            if len(m.group(1)) != 8:
                err("%s: 电话号码位数异常 %s" % (pid, m.group(0)))
        for m in re.finditer(r"[^，。；：（\n]*\d+号[^，。；（\n]*", p["body"]):
            if "〔" in m.group(0):
                continue  # 文号
            if not p["body"][m.end():].startswith("（示例地址）"):
                err("%s: 地址未标注（示例地址）: %s" % (pid, m.group(0)))
        if "吉林市金丰融资担保有限公司" in p["body"] and "吉林市金丰融资担保有限公司（示例）" not in p["body"]:
            err("%s: 机构名未标注（示例）" % pid)
    # 表格、编号列表、行业限定
    n_tables = sum(1 for p in policies.values() if re.search(r"^\|.*\|\s*$", p["body"], re.M))
    if n_tables != 3:
        err("含 Markdown 表格的政策应为 3 件，实际 %d" % n_tables)
    n_lists = sum(1 for p in policies.values() if re.search(r"^1\. .*\n2\. .*\n3\. ", p["body"], re.M))
    if n_lists < 1:
        err("应至少有一件政策的申请材料为编号列表")
    if not any(isinstance(p["fm"].get("industries"), list) for p in policies.values()):
        err("应至少有一件政策限定行业")
    # 镇街限定：一件仅 front matter 限定 2 个镇街；一件仅正文限定
    fm_only = [pid for pid, p in policies.items()
               if isinstance(p["fm"].get("zones"), list) and len(p["fm"]["zones"]) == 2
               and not any(zn in p["body"] for zn in p["fm"]["zones"])]
    if len(fm_only) < 1:
        err("缺少仅在 front matter 限定 2 个镇街的政策")
    body_only = [pid for pid, p in policies.items() if p["kind"] == "brief"
                 and "仅适用于" in p["body"] and sum(zn in p["body"] for zn in zone_names) == 2]
    if len(body_only) < 1:
        err("缺少仅在正文限定 2 个镇街的简略政策")
    # 互斥/相似对
    for a, b in PAIRS:
        if a not in policies or b not in policies:
            err("政策对 %s/%s 不存在" % (a, b))
            continue
        for x, y in ((a, b), (b, a)):
            t = "《%s》" % policies[y]["fm"]["title"]
            if t not in policies[x]["body"]:
                err("%s 正文未引用 %s" % (x, t))
    # 失效政策
    for old, new in EXPIRED:
        if old not in policies:
            err("失效政策 %s 不存在" % old)
            continue
        p = policies[old]
        if p["kind"] == "full":
            vu = parse_date(p["fm"].get("valid_until"), old)
            if not vu or vu >= TODAY:
                err("%s: valid_until 应早于 %s" % (old, TODAY))
        else:
            m = re.search(r"执行至(\d{4})年(\d{1,2})月(\d{1,2})日", p["body"])
            if not m or datetime.date(*map(int, m.groups())) >= TODAY:
                err("%s: 正文应写明已过期的执行期限" % old)
        t = "《%s》" % p["fm"]["title"]
        if new:
            if new not in policies or t not in policies[new]["body"] or "废止" not in policies[new]["body"]:
                err("%s 应在正文明文废止 %s" % (new, t))
        others = [pid for pid, q in policies.items() if pid != old and t in q["body"]]
        if not new and others:
            err("%s 不应有后续政策引用: %s" % (old, others))
        if "valid_until" in p["fm"] and any(k in p["fm"] for k in ("replaced_by", "superseded_by")):
            err("%s: front matter 不应写替代关系" % old)
    # 其余政策不应失效
    expired_ids = {o for o, _ in EXPIRED}
    for pid, p in policies.items():
        if pid in expired_ids:
            continue
        vu = p["fm"].get("valid_until")
        if vu and parse_date(vu, pid) and parse_date(vu, pid) < TODAY:
            err("%s: 非失效政策却已过期" % pid)

    # questions.jsonl
    kinds = Counter()
    per_policy = Counter()
    qpath = os.path.join(BASE, "questions.jsonl")
    with open(qpath, encoding="utf-8") as f:
        raw = f.read()
    if "\\u" in raw:
        err("questions.jsonl: 中文不应转义")
    qs = [ln for ln in raw.split("\n") if ln.strip()]
    if len(qs) != 130:
        err("questions.jsonl 应为 130 行，实际 %d" % len(qs))
    seen_q = set()
    for n, ln in enumerate(qs, 1):
        try:
            o = json.loads(ln)
        except json.JSONDecodeError as e:
            err("questions.jsonl 第%d行 JSON 错误: %s" % (n, e))
            continue
        if set(o) != {"q", "policy_id", "clause", "kind"}:
            err("questions.jsonl 第%d行 字段错误: %s" % (n, sorted(o)))
            continue
        if o["q"] in seen_q:
            err("questions.jsonl 第%d行 问题重复" % n)
        seen_q.add(o["q"])
        k = o["kind"]
        kinds[k] += 1
        if k in ANSWERABLE_KINDS:
            pid = o["policy_id"]
            if pid not in policies:
                err("questions.jsonl 第%d行 policy_id 不存在: %s" % (n, pid))
                continue
            per_policy[pid] += 1
            if o["clause"] not in policies[pid]["labels"]:
                err("questions.jsonl 第%d行 条款 %s 不在 %s 标签中" % (n, o["clause"], pid))
        elif k in ("near_miss", "off_topic"):
            if o["policy_id"] is not None or o["clause"] is not None:
                err("questions.jsonl 第%d行 无答案题 policy_id/clause 应为 null" % n)
        else:
            err("questions.jsonl 第%d行 未知 kind: %s" % (n, k))
    if dict(kinds) != KIND_TARGET:
        err("kind 分布不符: %s（应为 %s）" % (dict(kinds), KIND_TARGET))
    if sum(per_policy.values()) != 100:
        err("可答题应为 100，实际 %d" % sum(per_policy.values()))
    for pid in policies:
        c = per_policy[pid]
        if pid in expired_ids:
            if c < 4:
                err("%s 题数 %d 过少" % (pid, c))
        elif c not in (5, 6):
            err("%s 题数应为 5 或 6，实际 %d" % (pid, c))
    if sorted(per_policy.values()).count(6) != 2:
        err("应恰有两件政策各 6 题")

    # conversations.jsonl
    cpath = os.path.join(BASE, "conversations.jsonl")
    with open(cpath, encoding="utf-8") as f:
        raw = f.read()
    if "\\u" in raw:
        err("conversations.jsonl: 中文不应转义")
    cs = [ln for ln in raw.split("\n") if ln.strip()]
    if len(cs) != 24:
        err("conversations.jsonl 应为 24 行，实际 %d" % len(cs))
    pc = Counter()
    ids = set()
    for n, ln in enumerate(cs, 1):
        try:
            o = json.loads(ln)
        except json.JSONDecodeError as e:
            err("conversations.jsonl 第%d行 JSON 错误: %s" % (n, e))
            continue
        if o.get("id") != "blind100-%02d" % n or o["id"] in ids:
            err("conversations.jsonl 第%d行 id 错误: %s" % (n, o.get("id")))
        ids.add(o.get("id"))
        if o.get("collection") != "blind100":
            err("conversations.jsonl 第%d行 collection 错误" % n)
        pats = o.get("patterns") or []
        for pt in pats:
            if pt not in PATTERNS:
                err("conversations.jsonl 第%d行 未知 pattern: %s" % (n, pt))
            pc[pt] += 1
        turns = o.get("turns") or []
        if not 2 <= len(turns) <= 3:
            err("conversations.jsonl 第%d行 轮数应为 2-3" % n)
        for t in turns:
            if set(t) != {"q", "expect"}:
                err("conversations.jsonl 第%d行 turn 字段错误" % n)
            if t.get("expect") is not None and t["expect"] not in policies:
                err("conversations.jsonl 第%d行 expect 不存在: %s" % (n, t["expect"]))
        if "not_covered_followup" in pats and not any(t.get("expect") is None for t in turns[1:]):
            err("conversations.jsonl 第%d行 not_covered_followup 缺少 null 轮次" % n)
        if "expired" in pats and turns and turns[0].get("expect") not in expired_ids:
            err("conversations.jsonl 第%d行 expired 首轮应为失效政策" % n)
    for pt in PATTERNS:
        if pc[pt] < 3:
            err("pattern %s 出现 %d 次（应至少 3 次）" % (pt, pc[pt]))

    if errors:
        for e in errors:
            print("ERROR:", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

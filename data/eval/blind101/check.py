#!/usr/bin/env python3
"""blind101 盲测集校验脚本（仅用 Python 标准库）。

用法：
    /usr/bin/python3 check.py            # 校验，输出 OK 或错误清单
    /usr/bin/python3 check.py --labels   # 打印每件政策的条款标签
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-12-06"
PREFIX = "YZ"
COLLECTION = "blind101"

FULL_KEYS = ["id", "title", "issuer", "doc_no", "issued", "valid_until",
             "zones", "industries", "tags"]
BRIEF_KEYS = ["id", "title", "issuer", "doc_no", "issued"]

ANSWERABLE_KINDS = {"situation": 20, "number": 17, "paraphrase": 17,
                    "procedure": 17, "asr": 15, "terse": 14}
OTHER_KINDS = {"near_miss": 18, "off_topic": 12}
PATTERNS = ["aspect_followup", "variant", "zone_later", "topic_switch",
            "two_part", "facts_then_question", "not_covered_followup",
            "asr", "expired"]

CN_NUM = "一二三四五六七八九十"
ID_RE = re.compile(r"^%s-(\d{4})-(\d{3})$" % PREFIX)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

errors = []


def err(msg):
    errors.append(msg)


# ---------------------------------------------------------------- 解析工具
def parse_scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        if not inner:
            return []
        return [parse_scalar(x) for x in inner.split(",")]
    if v.startswith("{") and v.endswith("}"):
        d = {}
        for part in v[1:-1].split(","):
            if ":" not in part:
                continue
            k, val = part.split(":", 1)
            d[k.strip()] = parse_scalar(val)
        return d
    return v


def split_front_matter(text, name):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        err("%s: 缺少 front matter 起始 ---" % name)
        return None, text
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        err("%s: front matter 未闭合" % name)
        return None, text
    fm = {}
    order = []
    for ln in lines[1:end]:
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        if ":" not in ln:
            err("%s: front matter 行无法解析：%s" % (name, ln))
            continue
        k, v = ln.split(":", 1)
        k = k.strip()
        if k in fm:
            err("%s: front matter 字段重复：%s" % (name, k))
        fm[k] = parse_scalar(v)
        order.append(k)
    body = "\n".join(lines[end + 1:])
    return fm, body


def body_paragraphs(body):
    return [ln.strip() for ln in body.split("\n") if ln.strip()]


def detect_format(body):
    paras = body_paragraphs(body)
    if any(re.match(r"^第[%s]+条" % CN_NUM, p) for p in paras):
        return "A"
    if any(re.match(r"^[%s]+、" % CN_NUM, p) for p in paras):
        return "B"
    return "C"


def clause_labels(body, fmt):
    paras = body_paragraphs(body)
    labels = []
    if fmt == "A":
        for p in paras:
            m = re.match(r"^(第[%s]+条)" % CN_NUM, p)
            if m:
                labels.append(m.group(1))
    elif fmt == "B":
        chapter = None
        for p in paras:
            m = re.match(r"^([%s]+、)" % CN_NUM, p)
            if m:
                chapter = m.group(1)
                continue
            m = re.match(r"^(（[%s]+）)" % CN_NUM, p)
            if m and chapter:
                labels.append(chapter + m.group(1))
    else:
        labels = ["第%d段" % (i + 1) for i in range(len(paras))]
    return labels


# ---------------------------------------------------------------- 政策
def load_policies():
    pdir = os.path.join(ROOT, "policies")
    policies = {}
    if not os.path.isdir(pdir):
        err("缺少 policies/ 目录")
        return policies
    for fn in sorted(os.listdir(pdir)):
        if not fn.endswith(".md"):
            continue
        path = os.path.join(pdir, fn)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        fm, body = split_front_matter(text, fn)
        if fm is None:
            continue
        pid = fm.get("id")
        if pid is None:
            err("%s: 缺少 id" % fn)
            continue
        if fn != pid + ".md":
            err("%s: id %s 与文件名不一致" % (fn, pid))
        if pid in policies:
            err("%s: id 重复" % pid)
        if not ID_RE.match(pid):
            err("%s: id 格式不符 %s-YYYY-NNN" % (fn, PREFIX))
        keys = set(fm.keys())
        if keys == set(FULL_KEYS):
            kind = "full"
        elif keys == set(BRIEF_KEYS):
            kind = "brief"
        else:
            kind = "bad"
            err("%s: front matter 字段既非完整也非简略：%s" % (pid, sorted(keys)))
        for k in ("issued", "valid_until"):
            if k in fm and not DATE_RE.match(str(fm[k])):
                err("%s: %s 日期格式错误" % (pid, k))
        m = ID_RE.match(pid)
        if m and "issued" in fm and str(fm["issued"])[:4] != m.group(1):
            err("%s: id 年份与印发年份不一致" % pid)
        fmt = detect_format(body)
        labels = clause_labels(body, fmt)
        if not labels:
            err("%s: 未解析出任何条款标签" % pid)
        if len(labels) != len(set(labels)):
            err("%s: 条款标签重复 %s" % (pid, [l for l, c in Counter(labels).items() if c > 1]))
        if fmt == "C":
            paras = body_paragraphs(body)
            if not paras[0].endswith("：") or not (paras[0].startswith("各")):
                err("%s: C 版式第1段应为称谓段" % pid)
            if paras[-1] != "特此通知。":
                err("%s: C 版式应以“特此通知。”结尾" % pid)
        policies[pid] = {"fm": fm, "body": body, "fmt": fmt, "kind": kind,
                         "labels": labels, "file": fn}
    return policies


def check_policies(policies, zone_names):
    if len(policies) != 20:
        err("政策数应为 20，实际 %d" % len(policies))
    nums = sorted(int(p[-3:]) for p in policies)
    if nums != list(range(1, 21)):
        err("政策编号应为 001-020，实际 %s" % nums)
    fmts = Counter(p["fmt"] for p in policies.values())
    kinds = Counter(p["kind"] for p in policies.values())
    for f, lo, hi in (("A", 7, 9), ("B", 6, 8), ("C", 4, 6)):
        if not lo <= fmts.get(f, 0) <= hi:
            err("%s 版式数量 %d 不在 %d-%d" % (f, fmts.get(f, 0), lo, hi))
    if not 13 <= kinds.get("full", 0) <= 15:
        err("完整 front matter 数量 %d 不在 13-15" % kinds.get("full", 0))
    if not 5 <= kinds.get("brief", 0) <= 7:
        err("简略 front matter 数量 %d 不在 5-7" % kinds.get("brief", 0))
    tables = 0
    numbered = 0
    industry_limited = 0
    expired = []
    fm_zone_limited = []
    for pid, p in policies.items():
        fm = p["fm"]
        if p["kind"] == "full":
            z = fm["zones"]
            if z != "all":
                if not isinstance(z, list):
                    err("%s: zones 应为 all 或列表" % pid)
                else:
                    for name in z:
                        if name not in zone_names:
                            err("%s: zones 中 %s 不在 zones.yaml" % (pid, name))
                    fm_zone_limited.append(pid)
            ind = fm["industries"]
            if ind != "all":
                if not isinstance(ind, list) or not ind:
                    err("%s: industries 应为 all 或非空列表" % pid)
                else:
                    industry_limited += 1
            if not isinstance(fm["tags"], list) or not fm["tags"]:
                err("%s: tags 应为非空列表" % pid)
            if str(fm["valid_until"]) < TODAY:
                expired.append(pid)
        else:
            m = re.search(r"(?:执行至|有效期至)(\d{4})年(\d{1,2})月(\d{1,2})日", p["body"])
            if m:
                d = "%s-%02d-%02d" % (m.group(1), int(m.group(2)), int(m.group(3)))
                if d < TODAY:
                    expired.append(pid)
        if re.search(r"^\|\s*-{3}", p["body"], re.M):
            tables += 1
        if re.search(r"^1\. .+\n2\. .+\n3\. ", p["body"], re.M):
            numbered += 1
    if tables < 3:
        err("含 Markdown 表格的政策不足 3 件（%d）" % tables)
    if numbered < 1:
        err("缺少申请材料编号列表的政策")
    if industry_limited < 1:
        err("缺少限定行业的政策")
    if len(expired) != 2:
        err("失效政策应为 2 件，实际 %s" % expired)
    if len(fm_zone_limited) < 1:
        err("缺少 front matter 限定镇街的政策")
    # 替代关系：某件失效政策被另一件政策以书名号全称明文废止
    titles = {pid: p["fm"].get("title", "") for pid, p in policies.items()}
    replaced = 0
    for pid in expired:
        t = titles[pid]
        for other, p in policies.items():
            if other != pid and ("《%s》" % t) in p["body"] and "废止" in p["body"]:
                replaced += 1
    if replaced != 1:
        err("应恰有 1 件失效政策被新政策明文废止，实际 %d" % replaced)
    # 相似/互斥政策对：双方正文互相以书名号引用
    pairs = set()
    for a, pa in policies.items():
        for b, pb in policies.items():
            if a < b and ("《%s》" % titles[b]) in pa["body"] and ("《%s》" % titles[a]) in pb["body"]:
                pairs.add((a, b))
    if len(pairs) < 4:
        err("双方互相引用的相似/互斥政策对不足 4 对：%s" % sorted(pairs))
    return expired, pairs


# ---------------------------------------------------------------- zones.yaml
def load_zones():
    path = os.path.join(ROOT, "zones.yaml")
    if not os.path.exists(path):
        err("缺少 zones.yaml")
        return None
    data = {"district": {}, "zones": [], "aliases": {}, "places": {}, "teams": []}
    section = None
    team = None
    in_lawyers = False
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip(" "))
            s = line.strip()
            if indent == 0:
                section = s.rstrip(":").strip()
                if section not in data:
                    err("zones.yaml: 未知顶层键 %s" % section)
                continue
            if section == "district":
                k, v = s.split(":", 1)
                data["district"][k.strip()] = parse_scalar(v)
            elif section == "zones":
                if s.startswith("- "):
                    data["zones"].append(parse_scalar(s[2:]))
            elif section in ("aliases", "places"):
                k, v = s.split(":", 1)
                data[section][k.strip()] = parse_scalar(v)
            elif section == "teams":
                if s.startswith("- ") and indent == 2:
                    team = {"lawyers": []}
                    data["teams"].append(team)
                    in_lawyers = False
                    k, v = s[2:].split(":", 1)
                    team[k.strip()] = parse_scalar(v)
                elif s.startswith("- ") and in_lawyers:
                    team["lawyers"].append(parse_scalar(s[2:]))
                else:
                    k, v = s.split(":", 1)
                    k = k.strip()
                    if k == "lawyers":
                        in_lawyers = True
                    else:
                        in_lawyers = False
                        team[k] = parse_scalar(v)
    return data


def check_zones(data):
    zones = data["zones"]
    for k in ("name", "hotline", "address"):
        if not data["district"].get(k):
            err("zones.yaml: district.%s 缺失" % k)
    if "（示例地址）" not in data["district"].get("address", ""):
        err("zones.yaml: 区地址未标注（示例地址）")
    if not 5 <= len(zones) <= 7:
        err("zones.yaml: 镇街数量应为 5-7，实际 %d" % len(zones))
    if len(set(zones)) != len(zones):
        err("zones.yaml: 镇街重复")
    seen = {}
    for sec in ("aliases", "places"):
        for z, items in data[sec].items():
            if z not in zones:
                err("zones.yaml: %s 中的 %s 不是镇街" % (sec, z))
            if not isinstance(items, list):
                err("zones.yaml: %s.%s 应为列表" % (sec, z))
                continue
            for it in items:
                if it in seen and seen[it] != z:
                    err("zones.yaml: %s 同时出现在 %s 和 %s" % (it, seen[it], z))
                if it in zones and it != z:
                    err("zones.yaml: %s 与镇街名冲突" % it)
                seen[it] = z
    for z in zones:
        if z not in data["aliases"]:
            err("zones.yaml: %s 缺少别名" % z)
        n = len(data["places"].get(z, []))
        if n < 5:
            err("zones.yaml: %s 地名不足（%d）" % (z, n))
    cover = Counter()
    if len(data["teams"]) != 3:
        err("zones.yaml: 律师团队应为 3 个，实际 %d" % len(data["teams"]))
    for t in data["teams"]:
        for k in ("id", "firm", "zones", "duty_phone", "office_hours"):
            if not t.get(k):
                err("zones.yaml: 团队 %s 缺少 %s" % (t.get("id"), k))
        if "（示例）" not in t.get("firm", ""):
            err("zones.yaml: 团队 %s 律所未标注（示例）" % t.get("id"))
        if not re.match(r"^[0-9-]+$", str(t.get("duty_phone", ""))):
            err("zones.yaml: 团队 %s 电话格式" % t.get("id"))
        if len(t["lawyers"]) < 2:
            err("zones.yaml: 团队 %s 律师不足 2 人" % t.get("id"))
        for lw in t["lawyers"]:
            if not (isinstance(lw, dict) and lw.get("name") and lw.get("login")
                    and re.match(r"^[0-9-]+$", str(lw.get("phone", "")))):
                err("zones.yaml: 团队 %s 律师条目不完整 %s" % (t.get("id"), lw))
        for z in t.get("zones", []):
            if z not in zones:
                err("zones.yaml: 团队 %s 覆盖未知镇街 %s" % (t.get("id"), z))
            cover[z] += 1
    for z in zones:
        if cover[z] != 1:
            err("zones.yaml: %s 被 %d 个团队覆盖（应恰为 1）" % (z, cover[z]))


# ---------------------------------------------------------------- 问题
def check_questions(policies):
    path = os.path.join(ROOT, "questions.jsonl")
    if not os.path.exists(path):
        err("缺少 questions.jsonl")
        return None
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            if "\\u" in line:
                err("questions.jsonl 第%d行: 中文被转义" % i)
            try:
                rows.append((i, json.loads(line)))
            except ValueError as e:
                err("questions.jsonl 第%d行: JSON 错误 %s" % (i, e))
    if len(rows) != 130:
        err("questions.jsonl: 应为 130 行，实际 %d" % len(rows))
    kinds = Counter()
    per_policy = Counter()
    qs = Counter()
    for i, r in rows:
        if set(r.keys()) != {"q", "policy_id", "clause", "kind"}:
            err("questions.jsonl 第%d行: 字段应为 q/policy_id/clause/kind" % i)
            continue
        k = r["kind"]
        kinds[k] += 1
        qs[r["q"]] += 1
        if not r["q"].strip():
            err("questions.jsonl 第%d行: 问题为空" % i)
        if k in ANSWERABLE_KINDS:
            pid = r["policy_id"]
            if pid not in policies:
                err("questions.jsonl 第%d行: policy_id %s 不存在" % (i, pid))
                continue
            per_policy[pid] += 1
            if r["clause"] not in policies[pid]["labels"]:
                err("questions.jsonl 第%d行: %s 中找不到条款 %s" % (i, pid, r["clause"]))
        elif k in OTHER_KINDS:
            if r["policy_id"] is not None or r["clause"] is not None:
                err("questions.jsonl 第%d行: %s 题 policy_id/clause 应为 null" % (i, k))
        else:
            err("questions.jsonl 第%d行: 未知 kind %s" % (i, k))
    for q, c in qs.items():
        if c > 1:
            err("questions.jsonl: 问题重复：%s" % q)
    for k, n in list(ANSWERABLE_KINDS.items()) + list(OTHER_KINDS.items()):
        if kinds[k] != n:
            err("questions.jsonl: kind %s 应为 %d，实际 %d" % (k, n, kinds[k]))
    if sum(per_policy.values()) != 100:
        err("questions.jsonl: 可答题应为 100，实际 %d" % sum(per_policy.values()))
    for pid in policies:
        if not 4 <= per_policy[pid] <= 6:
            err("questions.jsonl: %s 题数 %d 不在 4-6" % (pid, per_policy[pid]))
    return per_policy, kinds


# ---------------------------------------------------------------- 对话
def check_conversations(policies):
    path = os.path.join(ROOT, "conversations.jsonl")
    if not os.path.exists(path):
        err("缺少 conversations.jsonl")
        return None
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip():
                continue
            if "\\u" in line:
                err("conversations.jsonl 第%d行: 中文被转义" % i)
            try:
                rows.append((i, json.loads(line)))
            except ValueError as e:
                err("conversations.jsonl 第%d行: JSON 错误 %s" % (i, e))
    if len(rows) != 24:
        err("conversations.jsonl: 应为 24 行，实际 %d" % len(rows))
    pc = Counter()
    ids = set()
    for n, (i, r) in enumerate(rows, 1):
        if set(r.keys()) != {"id", "collection", "patterns", "turns"}:
            err("conversations.jsonl 第%d行: 字段应为 id/collection/patterns/turns" % i)
            continue
        if r["id"] != "%s-%02d" % (COLLECTION, n):
            err("conversations.jsonl 第%d行: id 应为 %s-%02d" % (i, COLLECTION, n))
        if r["id"] in ids:
            err("conversations.jsonl: id 重复 %s" % r["id"])
        ids.add(r["id"])
        if r["collection"] != COLLECTION:
            err("conversations.jsonl 第%d行: collection 应为 %s" % (i, COLLECTION))
        if not r["patterns"]:
            err("conversations.jsonl 第%d行: patterns 为空" % i)
        for p in r["patterns"]:
            if p not in PATTERNS:
                err("conversations.jsonl 第%d行: 未知 pattern %s" % (i, p))
            pc[p] += 1
        if not 2 <= len(r["turns"]) <= 3:
            err("conversations.jsonl 第%d行: 轮数应为 2-3" % i)
        for t in r["turns"]:
            if set(t.keys()) != {"q", "expect"}:
                err("conversations.jsonl 第%d行: 轮次字段应为 q/expect" % i)
                continue
            if t["expect"] is not None and t["expect"] not in policies:
                err("conversations.jsonl 第%d行: expect %s 不存在" % (i, t["expect"]))
        if "not_covered_followup" in r["patterns"] and not any(t.get("expect") is None for t in r["turns"][1:]):
            err("conversations.jsonl 第%d行: not_covered_followup 需有 expect 为 null 的追问轮" % i)
    for p in PATTERNS:
        if pc[p] < 3:
            err("conversations.jsonl: pattern %s 出现 %d 次，少于 3" % (p, pc[p]))
    return pc


def main():
    policies = load_policies()
    if "--labels" in sys.argv:
        for pid in sorted(policies, key=lambda x: x[-3:]):
            p = policies[pid]
            print("%s [%s版式/%s] %s" % (pid, p["fmt"], "完整" if p["kind"] == "full" else "简略",
                                        p["fm"].get("title", "")))
            print("  " + " ".join(p["labels"]))
        return 0
    zdata = load_zones()
    zone_names = zdata["zones"] if zdata else []
    if zdata:
        check_zones(zdata)
    check_policies(policies, zone_names)
    check_questions(policies)
    check_conversations(policies)
    if errors:
        print("发现 %d 个问题：" % len(errors))
        for e in errors:
            print(" - " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""blind103 盲测集校验脚本（只用 Python 标准库）。

用法：
    /usr/bin/python3 check.py            # 校验，全部通过输出 OK，否则输出错误清单
    /usr/bin/python3 check.py --labels   # 打印每件政策的版式和条款标签
"""
import json
import os
import re
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-12-06"

FULL_KEYS = ["id", "title", "issuer", "doc_no", "issued", "valid_until", "zones", "industries", "tags"]
BRIEF_KEYS = ["id", "title", "issuer", "doc_no", "issued"]

EXPECT_TOTAL = 130
EXPECT_KINDS = {
    "situation": 20, "number": 17, "paraphrase": 17, "procedure": 17, "asr": 15, "terse": 14,
    "near_miss": 18, "off_topic": 12,
}
PATTERNS = ["aspect_followup", "variant", "zone_later", "topic_switch", "two_part",
            "facts_then_question", "not_covered_followup", "asr", "expired"]

CN_NUM = "一二三四五六七八九十百零〇"
RE_ARTICLE = re.compile(r"^(第[%s]+条)" % CN_NUM)
RE_CHAPTER = re.compile(r"^(?:#{1,6}\s*)?([%s]+)、" % CN_NUM)
RE_ITEM = re.compile(r"^（([%s]+)）" % CN_NUM)
RE_ID = re.compile(r"^[A-Z]{2}-\d{4}-\d{3}$")
RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

errors = []


def err(msg):
    errors.append(msg)


def parse_scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    if v.startswith("[") and v.endswith("]"):
        inner = v[1:-1].strip()
        if not inner:
            return []
        return [parse_scalar(x) for x in inner.split(",")]
    return v


def split_front_matter(text):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            fm = {}
            for ln in lines[1:i]:
                if not ln.strip() or ln.lstrip().startswith("#"):
                    continue
                if ":" not in ln:
                    err("front matter 行无法解析：%r" % ln)
                    continue
                k, v = ln.split(":", 1)
                fm[k.strip()] = parse_scalar(v)
            return fm, "\n".join(lines[i + 1:])
    return None, text


def body_layout_and_labels(body):
    """返回 (版式, 标签列表)。A：第X条；B：X、（Y）；C：第N段。"""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    arts = [RE_ARTICLE.match(ln).group(1) for ln in lines if RE_ARTICLE.match(ln)]
    if arts:
        return "A", arts
    labels = []
    chapter = None
    has_chapter = False
    for ln in lines:
        m = RE_CHAPTER.match(ln)
        if m:
            chapter = m.group(1)
            has_chapter = True
            continue
        m = RE_ITEM.match(ln)
        if m and chapter:
            labels.append("%s、（%s）" % (chapter, m.group(1)))
    if has_chapter and labels:
        return "B", labels
    return "C", ["第%d段" % (i + 1) for i in range(len(lines))]


def load_policies():
    pol = {}
    pdir = os.path.join(ROOT, "policies")
    files = sorted(f for f in os.listdir(pdir) if f.endswith(".md"))
    for fn in files:
        with open(os.path.join(pdir, fn), encoding="utf-8") as f:
            text = f.read()
        fm, body = split_front_matter(text)
        if fm is None:
            err("%s：缺少 front matter" % fn)
            continue
        pid = fm.get("id")
        if not pid:
            err("%s：front matter 无 id" % fn)
            continue
        if pid + ".md" != fn:
            err("%s：id %s 与文件名不一致" % (fn, pid))
        if not RE_ID.match(pid):
            err("%s：id 格式不对" % fn)
        if pid in pol:
            err("%s：id 重复" % pid)
        keys = set(fm)
        if keys == set(FULL_KEYS):
            kind = "完整"
        elif keys == set(BRIEF_KEYS):
            kind = "简略"
        else:
            kind = "?"
            err("%s：front matter 字段既非完整也非简略：%s" % (pid, sorted(keys)))
        for k in ("issued", "valid_until"):
            if k in fm and not RE_DATE.match(str(fm[k])):
                err("%s：%s 日期格式不对" % (pid, k))
        layout, labels = body_layout_and_labels(body)
        if layout == "C":
            first = [ln.strip() for ln in body.split("\n") if ln.strip()]
            if not first or not first[0].endswith("："):
                err("%s：C 版式首段应为称谓段" % pid)
            if first and first[-1] != "特此通知。":
                err("%s：C 版式应以“特此通知。”结尾" % pid)
        pol[pid] = {"fm": fm, "body": body, "fm_kind": kind, "layout": layout, "labels": labels}
    return pol


def load_zones():
    path = os.path.join(ROOT, "zones.yaml")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    data = {"district": {}, "zones": [], "aliases": {}, "places": {}, "teams": []}
    section = None
    team = None
    in_lawyers = False
    for raw in lines:
        if not raw.strip() or raw.strip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        ln = raw.strip()
        if indent == 0:
            section = ln.rstrip(":")
            continue
        if section == "district":
            k, v = ln.split(":", 1)
            data["district"][k.strip()] = parse_scalar(v)
        elif section == "zones":
            data["zones"].append(parse_scalar(ln[1:]))
        elif section in ("aliases", "places"):
            k, v = ln.split(":", 1)
            data[section][k.strip()] = parse_scalar(v)
        elif section == "teams":
            if ln.startswith("- id:"):
                team = {"id": parse_scalar(ln.split(":", 1)[1]), "lawyers": []}
                data["teams"].append(team)
                in_lawyers = False
            elif ln.startswith("lawyers:"):
                in_lawyers = True
            elif in_lawyers and ln.startswith("- {"):
                inner = ln[3:-1]
                d = {}
                for part in inner.split(","):
                    k, v = part.split(":", 1)
                    d[k.strip()] = parse_scalar(v)
                team["lawyers"].append(d)
            else:
                k, v = ln.split(":", 1)
                team[k.strip()] = parse_scalar(v)
    return data


def check_zones(z):
    zones = z["zones"]
    if not (5 <= len(zones) <= 7):
        err("zones.yaml：镇街数应为 5–7，实际 %d" % len(zones))
    if len(set(zones)) != len(zones):
        err("zones.yaml：镇街重复")
    for k in ("name", "hotline", "address"):
        if k not in z["district"]:
            err("zones.yaml：district 缺 %s" % k)
    if "（示例地址）" not in str(z["district"].get("address", "")):
        err("zones.yaml：district.address 未标注（示例地址）")
    if len(z["teams"]) != 3:
        err("zones.yaml：律师团队应为 3 个，实际 %d" % len(z["teams"]))
    cover = Counter()
    for t in z["teams"]:
        for k in ("id", "firm", "zones", "duty_phone", "office_hours"):
            if k not in t:
                err("zones.yaml：团队 %s 缺 %s" % (t.get("id"), k))
        if "（示例）" not in str(t.get("firm", "")):
            err("zones.yaml：团队 %s 律所未标注（示例）" % t.get("id"))
        if not re.match(r"^[\d-]+$", str(t.get("duty_phone", ""))):
            err("zones.yaml：团队 %s 值班电话格式不对" % t.get("id"))
        if len(t["lawyers"]) < 2:
            err("zones.yaml：团队 %s 律师少于 2 人" % t.get("id"))
        for lw in t["lawyers"]:
            for k in ("name", "login", "phone"):
                if not lw.get(k):
                    err("zones.yaml：团队 %s 律师缺 %s" % (t.get("id"), k))
            if not re.match(r"^[\d-]+$", str(lw.get("phone", ""))):
                err("zones.yaml：律师 %s 电话格式不对" % lw.get("name"))
        for zz in t.get("zones", []):
            if zz not in zones:
                err("zones.yaml：团队 %s 覆盖未知镇街 %s" % (t.get("id"), zz))
            cover[zz] += 1
    for zz in zones:
        if cover[zz] != 1:
            err("zones.yaml：镇街 %s 被 %d 个团队覆盖（应恰为 1）" % (zz, cover[zz]))
    seen = {}
    for sec in ("aliases", "places"):
        for zz, names in z[sec].items():
            if zz not in zones:
                err("zones.yaml：%s 中出现未知镇街 %s" % (sec, zz))
            for n in names:
                if n in zones and n != zz:
                    err("zones.yaml：%s 与镇街名冲突" % n)
                if n in seen and seen[n] != zz:
                    err("zones.yaml：别名/地名 %s 在 %s 与 %s 重复" % (n, seen[n], zz))
                seen[n] = zz
    for zz in zones:
        if len(z["places"].get(zz, [])) < 5:
            err("zones.yaml：镇街 %s 地名少于 5 个" % zz)
    return zones


def check_policies(pol, zones):
    if len(pol) != 20:
        err("政策数应为 20，实际 %d" % len(pol))
    nums = sorted(int(p[-3:]) for p in pol)
    if nums != list(range(1, 21)):
        err("政策编号应为 001–020：%s" % nums)
    titles = {p["fm"]["title"]: pid for pid, p in pol.items()}
    lay = Counter(p["layout"] for p in pol.values())
    fmk = Counter(p["fm_kind"] for p in pol.values())
    if not (7 <= lay["A"] <= 9 and 6 <= lay["B"] <= 8 and 4 <= lay["C"] <= 6):
        err("版式分布偏离要求：%s" % dict(lay))
    if not (12 <= fmk["完整"] <= 16 and 4 <= fmk["简略"] <= 8):
        err("front matter 完整/简略分布偏离要求：%s" % dict(fmk))
    expired = []
    for pid, p in pol.items():
        fm = p["fm"]
        z = fm.get("zones")
        if z is not None and z != "all":
            if not isinstance(z, list):
                err("%s：zones 应为 all 或列表" % pid)
            else:
                for zz in z:
                    if zz not in zones:
                        err("%s：zones 含未知镇街 %s" % (pid, zz))
        vu = fm.get("valid_until")
        if vu and vu < TODAY:
            expired.append(pid)
        elif p["fm_kind"] == "简略":
            m = re.search(r"(?:执行至|有效期至|至)(\d{4})年(\d{1,2})月(\d{1,2})日", p["body"])
            if m and "%s-%02d-%02d" % (m.group(1), int(m.group(2)), int(m.group(3))) < TODAY:
                expired.append(pid)
        if not re.search(r"0355-\d{7}", p["body"]):
            err("%s：正文未写咨询电话" % pid)
        # 书名号引用的政策须在库中
        for ref in re.findall(r"《([^《》]+)》", p["body"]):
            if ref in titles and titles[ref] == pid:
                err("%s：正文引用了自身标题" % pid)
    if len(expired) != 2:
        err("失效政策应为 2 件，实际：%s" % expired)
    n_replaced = 0
    for pid in expired:
        t = pol[pid]["fm"]["title"]
        refs = [o for o, q in pol.items() if o != pid and re.search("《%s》[^。]*废止" % re.escape(t), q["body"])]
        if pol[pid]["fm_kind"] == "完整":
            if refs:
                n_replaced += 1
            else:
                err("%s：已到期的旧办法未被库中新政策正文明文废止" % pid)
        elif refs:
            err("%s：简略失效政策不应有后续替代政策" % pid)
    if n_replaced != 1:
        err("应恰有 1 件失效政策被新政策明文废止，实际 %d" % n_replaced)
    # 相互引用的相似/互斥政策对
    pairs = set()
    for pid, p in pol.items():
        for ref in re.findall(r"《([^《》]+)》", p["body"]):
            other = titles.get(ref)
            if other and other != pid:
                if p["fm"]["title"] in re.findall(r"《([^《》]+)》", pol[other]["body"]):
                    pairs.add(tuple(sorted((pid, other))))
    if len(pairs) < 4:
        err("双方正文互相引用的政策对不足 4 对：%s" % sorted(pairs))
    if not any(p["fm"].get("industries") not in (None, "all") for p in pol.values()):
        err("没有限定行业的政策")
    n_tables = sum(1 for p in pol.values() if re.search(r"^\|.*\|\s*$", p["body"], re.M))
    if n_tables < 3:
        err("含 Markdown 表格的政策不足 3 件")
    if not any(re.search(r"^1\. .*\n2\. .*\n3\. ", p["body"], re.M) for p in pol.values()):
        err("没有以编号列表写申请材料的政策")
    return pairs, expired


def load_jsonl(name):
    rows = []
    with open(os.path.join(ROOT, name), encoding="utf-8") as f:
        for i, ln in enumerate(f, 1):
            if not ln.strip():
                continue
            if "\\u" in ln:
                err("%s 第 %d 行：中文被转义" % (name, i))
            try:
                rows.append(json.loads(ln))
            except ValueError as e:
                err("%s 第 %d 行：JSON 错误 %s" % (name, i, e))
    return rows


def check_questions(pol):
    qs = load_jsonl("questions.jsonl")
    if len(qs) != EXPECT_TOTAL:
        err("questions.jsonl：应为 %d 行，实际 %d" % (EXPECT_TOTAL, len(qs)))
    kinds = Counter(q.get("kind") for q in qs)
    for k, n in EXPECT_KINDS.items():
        if kinds[k] != n:
            err("questions.jsonl：kind %s 应为 %d，实际 %d" % (k, n, kinds[k]))
    for k in kinds:
        if k not in EXPECT_KINDS:
            err("questions.jsonl：未知 kind %s" % k)
    per = Counter()
    seenq = set()
    for i, q in enumerate(qs, 1):
        if set(q) != {"q", "policy_id", "clause", "kind"}:
            err("questions.jsonl 第 %d 行：字段不对 %s" % (i, sorted(q)))
        if q.get("q") in seenq:
            err("questions.jsonl 第 %d 行：问题重复" % i)
        seenq.add(q.get("q"))
        pid, cl, kind = q.get("policy_id"), q.get("clause"), q.get("kind")
        if kind in ("near_miss", "off_topic"):
            if pid is not None or cl is not None:
                err("questions.jsonl 第 %d 行：%s 题 policy_id/clause 应为 null" % (i, kind))
            continue
        if pid not in pol:
            err("questions.jsonl 第 %d 行：policy_id %s 不存在" % (i, pid))
            continue
        per[pid] += 1
        if cl not in pol[pid]["labels"]:
            err("questions.jsonl 第 %d 行：clause %s 不在 %s 的条款标签中" % (i, cl, pid))
    for pid in pol:
        if not (4 <= per[pid] <= 6):
            err("questions.jsonl：%s 题数 %d 不在 4–6" % (pid, per[pid]))
    if sum(per.values()) != 100:
        err("questions.jsonl：可答题应为 100，实际 %d" % sum(per.values()))
    return qs, per


def check_conversations(pol):
    cs = load_jsonl("conversations.jsonl")
    if len(cs) != 24:
        err("conversations.jsonl：应为 24 行，实际 %d" % len(cs))
    pc = Counter()
    ids = set()
    for i, c in enumerate(cs, 1):
        cid = c.get("id")
        if cid != "blind103-%02d" % i:
            err("conversations.jsonl 第 %d 行：id %s 不符合顺序编号" % (i, cid))
        if cid in ids:
            err("conversations.jsonl：id %s 重复" % cid)
        ids.add(cid)
        if c.get("collection") != "blind103":
            err("%s：collection 应为 blind103" % cid)
        pats = c.get("patterns") or []
        for p in pats:
            if p not in PATTERNS:
                err("%s：未知 pattern %s" % (cid, p))
            pc[p] += 1
        turns = c.get("turns") or []
        if not (2 <= len(turns) <= 3):
            err("%s：轮数应为 2–3，实际 %d" % (cid, len(turns)))
        for t in turns:
            if set(t) != {"q", "expect"}:
                err("%s：turn 字段不对" % cid)
            e = t.get("expect")
            if e is not None and e not in pol:
                err("%s：expect %s 不存在" % (cid, e))
        if "not_covered_followup" in pats and not any(t.get("expect") is None for t in turns):
            err("%s：not_covered_followup 需有 expect 为 null 的轮次" % cid)
    for p in PATTERNS:
        if pc[p] < 3:
            err("conversations.jsonl：pattern %s 只出现 %d 次（至少 3）" % (p, pc[p]))
    return cs, pc


def main():
    pol = load_policies()
    if "--labels" in sys.argv:
        for pid in sorted(pol, key=lambda x: x[-3:]):
            p = pol[pid]
            print("%s [%s版式/%s] %s" % (pid, p["layout"], p["fm_kind"], p["fm"].get("title")))
            print("    " + " ".join(p["labels"]))
        return 0
    z = load_zones()
    zones = check_zones(z)
    check_policies(pol, zones)
    check_questions(pol)
    check_conversations(pol)
    if errors:
        for e in errors:
            print("ERROR:", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

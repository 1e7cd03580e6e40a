#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""blind102 盲测集校验脚本（仅使用 Python 标准库）。

用法：
    /usr/bin/python3 check.py            # 全部校验，通过则输出 OK，否则输出错误清单
    /usr/bin/python3 check.py --labels   # 打印每件政策的版式与条款标签
"""
import datetime
import json
import os
import re
import sys

BASE = os.path.dirname(os.path.abspath(__file__))
TODAY = datetime.date(2026, 12, 6)
PREFIX = "TD"
COLLECTION = "blind102"

FULL_KEYS = ["id", "title", "issuer", "doc_no", "issued", "valid_until", "zones", "industries", "tags"]
SIMPLE_KEYS = ["id", "title", "issuer", "doc_no", "issued"]
EXPECT_FULL, EXPECT_SIMPLE = 14, 6
EXPECT_FORMATS = {"A": 8, "B": 7, "C": 5}

N_QUESTIONS = 130
ANSWERABLE_KINDS = {"situation": 20, "number": 17, "paraphrase": 17, "procedure": 17, "asr": 15, "terse": 14}
OTHER_KINDS = {"near_miss": 18, "off_topic": 12}
N_ANSWERABLE = 100

N_CONVS = 24
PATTERNS = ["aspect_followup", "variant", "zone_later", "topic_switch", "two_part",
            "facts_then_question", "not_covered_followup", "asr", "expired"]

CN_DIGITS = "零一二三四五六七八九十百"
RE_ARTICLE = re.compile(r"^第([一二三四五六七八九十百]+)条")
RE_CHAPTER = re.compile(r"^(?:#{2,}\s*)?([一二三四五六七八九十]+)、")
RE_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")
RE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RE_DOCNO = re.compile(r"^鞍东\S*〔\d{4}〕\d+号$")

errors = []


def err(msg):
    errors.append(msg)


def cn2int(s):
    """把不超过 99 的中文数字转成整数。"""
    vals = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if s == "十":
        return 10
    if "十" in s:
        a, b = s.split("十", 1)
        return (vals[a] if a else 1) * 10 + (vals[b] if b else 0)
    return vals[s]


def int2cn(n):
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n - 10] if n > 10 else "")
    return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")


def parse_date(s, where):
    if not isinstance(s, str) or not RE_DATE.match(s):
        err(f"{where}: 日期格式应为 YYYY-MM-DD：{s!r}")
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        err(f"{where}: 非法日期 {s}")
        return None


def parse_scalar(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def parse_inline_list(v):
    v = v.strip()
    if not (v.startswith("[") and v.endswith("]")):
        return None
    inner = v[1:-1].strip()
    if not inner:
        return []
    return [parse_scalar(x) for x in inner.split(",")]


def parse_inline_map(v):
    v = v.strip()
    if not (v.startswith("{") and v.endswith("}")):
        return None
    out = {}
    for part in v[1:-1].split(","):
        if ":" not in part:
            return None
        k, val = part.split(":", 1)
        out[k.strip()] = parse_scalar(val)
    return out


# ---------------------------------------------------------------- 政策
def split_front_matter(text, fname):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        err(f"{fname}: 文件应以 --- 开头的 front matter 起始")
        return None, text
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        err(f"{fname}: front matter 缺少结束的 ---")
        return None, text
    fm = {}
    order = []
    for ln in lines[1:end]:
        if not ln.strip():
            continue
        m = re.match(r"^([A-Za-z_]+):\s*(.*)$", ln)
        if not m:
            err(f"{fname}: 无法解析的 front matter 行：{ln}")
            continue
        k, v = m.group(1), m.group(2)
        lst = parse_inline_list(v)
        fm[k] = lst if lst is not None else parse_scalar(v)
        order.append(k)
    if len(order) != len(set(order)):
        err(f"{fname}: front matter 有重复字段")
    return fm, "\n".join(lines[end + 1:])


def paragraphs(body):
    paras = []
    for block in re.split(r"\n\s*\n", body):
        if block.strip():
            paras.append(block.strip("\n"))
    return paras


def detect_format(body):
    lines = [l.strip() for l in body.split("\n") if l.strip()]
    if any(RE_ARTICLE.match(l) for l in lines):
        return "A"
    if any(RE_CHAPTER.match(l) for l in lines) and any(RE_ITEM.match(l) for l in lines):
        return "B"
    return "C"


def labels_for(fmt, body, fname):
    labels = []
    if fmt == "A":
        nums = []
        for p in paragraphs(body):
            m = RE_ARTICLE.match(p)
            if m:
                if "\n" in p:
                    err(f"{fname}: A 版式每条应为一段一行：{p[:20]}…")
                labels.append(f"第{m.group(1)}条")
                nums.append(cn2int(m.group(1)))
        if nums != list(range(1, len(nums) + 1)):
            err(f"{fname}: 条款编号不连续：{labels}")
    elif fmt == "B":
        cur = None
        chapters = []
        items_in = {}
        for ln in body.split("\n"):
            s = ln.strip()
            mc = RE_CHAPTER.match(s)
            if mc:
                cur = mc.group(1)
                chapters.append(cn2int(cur))
                items_in[cur] = []
                continue
            mi = RE_ITEM.match(s)
            if mi:
                if cur is None:
                    err(f"{fname}: 项“{s[:12]}”不在任何章下")
                    continue
                labels.append(f"{cur}、（{mi.group(1)}）")
                items_in[cur].append(cn2int(mi.group(1)))
        if chapters != list(range(1, len(chapters) + 1)):
            err(f"{fname}: 章编号不连续")
        for ch, its in items_in.items():
            if not its:
                err(f"{fname}: 第“{ch}、”章下没有（一）等项")
            elif its != list(range(1, len(its) + 1)):
                err(f"{fname}: “{ch}、”章下项编号不连续")
    else:
        paras = paragraphs(body)
        for i, p in enumerate(paras, 1):
            if "\n" in p:
                err(f"{fname}: C 版式第{i}段应为一行")
            if p.startswith("#"):
                err(f"{fname}: C 版式不应有标题行")
            labels.append(f"第{i}段")
        if paras:
            if not (paras[0].endswith("：") and "街道办事处" in paras[0]):
                err(f"{fname}: C 版式第1段应为称谓段（以“：”结尾）")
            if paras[-1] != "特此通知。":
                err(f"{fname}: C 版式应以“特此通知。”结尾")
    if len(labels) != len(set(labels)):
        err(f"{fname}: 条款标签重复")
    return labels


def load_policies(zone_names):
    pdir = os.path.join(BASE, "policies")
    pol = {}
    if not os.path.isdir(pdir):
        err("缺少 policies/ 目录")
        return pol
    files = sorted(f for f in os.listdir(pdir) if f.endswith(".md"))
    if len(files) != 20:
        err(f"政策文件应为 20 件，实际 {len(files)} 件")
    for f in files:
        path = os.path.join(pdir, f)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        fm, body = split_front_matter(text, f)
        if fm is None:
            continue
        pid = fm.get("id")
        if pid + ".md" != f:
            err(f"{f}: id {pid} 与文件名不一致")
        if not re.match(rf"^{PREFIX}-20\d\d-0\d\d$", pid or ""):
            err(f"{f}: id 格式不符")
        if pid in pol:
            err(f"id 重复：{pid}")
        keys = list(fm.keys())
        if set(keys) == set(FULL_KEYS):
            kind = "full"
        elif set(keys) == set(SIMPLE_KEYS):
            kind = "simple"
        else:
            err(f"{f}: front matter 字段不符合完整或简略要求：{keys}")
            kind = "?"
        issued = parse_date(fm.get("issued"), f + " issued")
        if issued and pid and issued.year != int(pid.split("-")[1]):
            err(f"{f}: id 年份与印发年份不一致")
        if not RE_DOCNO.match(fm.get("doc_no", "")):
            err(f"{f}: doc_no 格式不符：{fm.get('doc_no')}")
        valid_until = None
        if kind == "full":
            valid_until = parse_date(fm.get("valid_until"), f + " valid_until")
            if issued and valid_until and valid_until <= issued:
                err(f"{f}: valid_until 早于 issued")
            for k in ("zones", "industries"):
                v = fm.get(k)
                if not (v == "all" or (isinstance(v, list) and v)):
                    err(f"{f}: {k} 应为 all 或非空列表")
            if isinstance(fm.get("zones"), list):
                for z in fm["zones"]:
                    if z not in zone_names:
                        err(f"{f}: zones 中的 {z} 不在 zones.yaml 中")
            if not (isinstance(fm.get("tags"), list) and fm["tags"]):
                err(f"{f}: tags 应为非空列表")
        else:
            m = re.search(r"(?:有效期至|执行至|止于|至)(\d{4})年(\d{1,2})月(\d{1,2})日", body)
            if not m:
                err(f"{f}: 简略 front matter 的政策须在正文写明有效期")
            else:
                valid_until = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        fmt = detect_format(body)
        labels = labels_for(fmt, body, f)
        if not labels:
            err(f"{f}: 没有找到任何条款标签")
        # 地址、电话、示例标注
        n_addr = body.count("地址：")
        n_demo = body.count("（示例地址）")
        if n_addr != n_demo:
            err(f"{f}: “地址：”出现 {n_addr} 次，“（示例地址）”出现 {n_demo} 次，应一致")
        for ph in re.findall(r"电话[：:]?\s*([0-9０-９\-—（）() ]+)", body):
            if not re.fullmatch(r"\d{3,4}-\d{7,8}", ph.strip()):
                err(f"{f}: 电话格式应只含数字和连字符：{ph}")
        for need in (("不予",), ("材料",), ("受理部门", "受理机构"), ("电话",)):
            if not any(w in body for w in need):
                err(f"{f}: 正文缺少“{need[0]}”相关内容")
        pol[pid] = {
            "file": f, "fm": fm, "body": body, "kind": kind, "fmt": fmt, "labels": labels,
            "issued": issued, "valid_until": valid_until,
        }
    return pol


def check_policy_set(pol, zone_names):
    if not pol:
        return
    nums = sorted(int(p.split("-")[2]) for p in pol)
    if nums != list(range(1, 21)):
        err(f"政策编号应为 001–020，实际 {nums}")
    kinds = [p["kind"] for p in pol.values()]
    if kinds.count("full") != EXPECT_FULL or kinds.count("simple") != EXPECT_SIMPLE:
        err(f"完整/简略 front matter 数量应为 {EXPECT_FULL}/{EXPECT_SIMPLE}，实际 {kinds.count('full')}/{kinds.count('simple')}")
    fmts = [p["fmt"] for p in pol.values()]
    for k, n in EXPECT_FORMATS.items():
        if fmts.count(k) != n:
            err(f"{k} 版式应为 {n} 件，实际 {fmts.count(k)} 件")
    titles = {pid: p["fm"]["title"] for pid, p in pol.items()}
    if len(set(titles.values())) != len(titles):
        err("政策标题有重复")

    # 失效政策
    expired = [pid for pid, p in pol.items() if p["valid_until"] and p["valid_until"] < TODAY]
    if len(expired) != 2:
        err(f"失效政策应为 2 件，实际 {expired}")
    exp_full = [pid for pid in expired if pol[pid]["kind"] == "full"]
    exp_simple = [pid for pid in expired if pol[pid]["kind"] == "simple"]
    if len(exp_full) != 1 or len(exp_simple) != 1:
        err("失效政策应一件为完整 front matter（valid_until 早于今天），一件为简略 front matter（正文写执行期限）")
    for pid in expired:
        y = int(pid.split("-")[1])
        if pol[pid]["issued"] and pol[pid]["issued"].year != y:
            err(f"{pid}: 失效政策 id 应使用印发年份")
    for pid in exp_full:
        t = "《" + titles[pid] + "》"
        repl = [q for q, p in pol.items() if q != pid and t in p["body"] and "废止" in p["body"]]
        if len(repl) != 1:
            err(f"{pid}: 应恰有一件新政策正文明文废止/替代它，实际 {repl}")
        elif pol[repl[0]]["valid_until"] and pol[repl[0]]["valid_until"] < TODAY:
            err(f"{pid}: 替代它的 {repl[0]} 也已失效")
    for pid in exp_simple:
        t = "《" + titles[pid] + "》"
        if any(t in p["body"] for q, p in pol.items() if q != pid):
            err(f"{pid}: 无后续政策的失效文件不应被其他政策引用")

    # 相似/互斥政策对：双方正文都以书名号全称引用对方
    pairs = []
    ids = sorted(pol)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            if ("《" + titles[b] + "》") in pol[a]["body"] and ("《" + titles[a] + "》") in pol[b]["body"]:
                pairs.append((a, b))
    rel_words = ("选择其一", "择一", "就高", "不重复", "不得同时")
    good_pairs = [(a, b) for a, b in pairs
                  if any(w in pol[a]["body"] for w in rel_words) and any(w in pol[b]["body"] for w in rel_words)]
    if len(good_pairs) < 4:
        err(f"相似/互斥政策对应至少 4 对（双方正文均互引并写明关系），实际 {good_pairs}")

    # 表格、编号列表、行业限定
    n_table = 0
    n_list = 0
    for pid, p in pol.items():
        lines = p["body"].split("\n")
        if any(re.match(r"^\|\s*-{3,}", l.strip()) for l in lines):
            n_table += 1
        run = best = 0
        for l in lines:
            if re.match(r"^\d+\.\s", l.strip()):
                run += 1
                best = max(best, run)
            elif l.strip():
                run = 0
        if best >= 3:
            n_list += 1
    if n_table != 3:
        err(f"含 Markdown 表格的政策应为 3 件，实际 {n_table}")
    if n_list < 1:
        err("至少一件政策的申请材料应写成编号列表")
    if not any(isinstance(p["fm"].get("industries"), list) for p in pol.values()):
        err("至少一件政策应在 industries 中限定行业")

    # 镇街限定：一件只在 front matter 限定 2 个镇街；一件只在正文限定 2 个镇街
    fm_only = [pid for pid, p in pol.items()
               if isinstance(p["fm"].get("zones"), list) and len(p["fm"]["zones"]) == 2
               and not any(z in p["body"] for z in p["fm"]["zones"])]
    if not fm_only:
        err("缺少只在 front matter 中把 zones 限定为 2 个镇街（正文不提）的政策")
    body_only = []
    for pid, p in pol.items():
        if p["kind"] != "simple":
            continue
        named = [z for z in zone_names if z in p["body"]]
        if len(named) == 2 and "仅适用于" in p["body"]:
            body_only.append(pid)
    if not body_only:
        err("缺少 front matter 简略、只在正文写明仅适用于 2 个镇街的政策")
    # 其余政策正文不应点名镇街
    for pid, p in pol.items():
        if pid in body_only:
            continue
        named = [z for z in zone_names if z in p["body"]]
        if named:
            err(f"{pid}: 正文出现镇街名 {named}")
    return {"expired": expired, "pairs": good_pairs, "fm_only": fm_only, "body_only": body_only}


# ---------------------------------------------------------------- zones.yaml
def load_zones():
    path = os.path.join(BASE, "zones.yaml")
    if not os.path.exists(path):
        err("缺少 zones.yaml")
        return [], {}
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    data = {"district": {}, "zones": [], "aliases": {}, "places": {}, "teams": []}
    section = None
    team = None
    in_lawyers = False
    for raw in lines:
        if not raw.strip() or raw.strip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        s = raw.strip()
        if indent == 0:
            m = re.match(r"^(\w+):\s*$", s)
            if not m or m.group(1) not in data:
                err(f"zones.yaml: 无法识别的顶层行：{s}")
                section = None
                continue
            section = m.group(1)
            continue
        if section == "district":
            k, v = s.split(":", 1)
            data["district"][k.strip()] = parse_scalar(v)
        elif section == "zones":
            if not s.startswith("- "):
                err(f"zones.yaml: zones 下应为列表项：{s}")
                continue
            data["zones"].append(parse_scalar(s[2:]))
        elif section in ("aliases", "places"):
            k, v = s.split(":", 1)
            lst = parse_inline_list(v)
            if lst is None:
                err(f"zones.yaml: {section}.{k} 应为行内列表")
                continue
            data[section][k.strip()] = lst
        elif section == "teams":
            if indent == 2 and s.startswith("- "):
                team = {"lawyers": []}
                data["teams"].append(team)
                in_lawyers = False
                s = s[2:]
                k, v = s.split(":", 1)
                team[k.strip()] = parse_scalar(v)
            elif indent == 4:
                k, v = s.split(":", 1)
                k = k.strip()
                if k == "lawyers":
                    in_lawyers = True
                    continue
                in_lawyers = False
                lst = parse_inline_list(v)
                team[k] = lst if lst is not None else parse_scalar(v)
            elif indent >= 6 and in_lawyers and s.startswith("- "):
                mp = parse_inline_map(s[2:])
                if mp is None:
                    err(f"zones.yaml: 无法解析律师行：{s}")
                else:
                    team["lawyers"].append(mp)
            else:
                err(f"zones.yaml: 无法解析的 teams 行：{s}")
    zones = data["zones"]
    d = data["district"]
    for k in ("name", "hotline", "address"):
        if not d.get(k):
            err(f"zones.yaml: district.{k} 缺失")
    if d.get("name") != "鞍山市铁东区":
        err("zones.yaml: district.name 应为 鞍山市铁东区")
    if d.get("hotline") and not re.fullmatch(r"\d{3,4}-\d{7,8}", d["hotline"]):
        err("zones.yaml: hotline 格式不符")
    if d.get("address") and "（示例地址）" not in d["address"]:
        err("zones.yaml: district.address 应标注（示例地址）")
    if not 5 <= len(zones) <= 7:
        err(f"zones.yaml: 镇街应为 5–7 个，实际 {len(zones)}")
    if len(set(zones)) != len(zones):
        err("zones.yaml: 镇街重复")
    for sec in ("aliases", "places"):
        if set(data[sec]) != set(zones):
            err(f"zones.yaml: {sec} 的键应与 zones 一致")
    owner = {}
    for sec in ("aliases", "places"):
        for z, names in data[sec].items():
            if sec == "places" and not 5 <= len(names) <= 8:
                err(f"zones.yaml: {z} 的地名应约 6 个，实际 {len(names)}")
            for n in names:
                if n in owner and owner[n] != z:
                    err(f"zones.yaml: “{n}”同时出现在 {owner[n]} 和 {z}")
                if n in zones and n != z:
                    err(f"zones.yaml: “{n}”与其他镇街名相同")
                owner[n] = z
    if len(data["teams"]) != 3:
        err(f"zones.yaml: 律师团队应为 3 个，实际 {len(data['teams'])}")
    cover = {z: [] for z in zones}
    team_ids = set()
    for t in data["teams"]:
        tid = t.get("id")
        if tid in team_ids:
            err(f"zones.yaml: 团队 id 重复 {tid}")
        team_ids.add(tid)
        if "（示例）" not in t.get("firm", ""):
            err(f"zones.yaml: {tid} 律所名应标注（示例）")
        if not re.fullmatch(r"\d{3,4}-\d{7,8}", t.get("duty_phone", "")):
            err(f"zones.yaml: {tid} duty_phone 格式不符")
        if not t.get("office_hours"):
            err(f"zones.yaml: {tid} 缺少 office_hours")
        for z in t.get("zones", []):
            if z not in cover:
                err(f"zones.yaml: {tid} 覆盖了未定义的镇街 {z}")
            else:
                cover[z].append(tid)
        if len(t["lawyers"]) < 2:
            err(f"zones.yaml: {tid} 至少应有 2 名律师")
        for lw in t["lawyers"]:
            if not lw.get("name") or not re.fullmatch(r"[a-z]+", lw.get("login", "")):
                err(f"zones.yaml: {tid} 律师信息不完整或 login 非拼音：{lw}")
            if not re.fullmatch(r"1\d{10}", lw.get("phone", "")):
                err(f"zones.yaml: {tid} 律师电话格式不符：{lw.get('phone')}")
    for z, ts in cover.items():
        if len(ts) != 1:
            err(f"zones.yaml: 镇街 {z} 应恰由一个团队覆盖，实际 {ts}")
    return zones, data


# ---------------------------------------------------------------- questions
def read_jsonl(name):
    path = os.path.join(BASE, name)
    rows = []
    if not os.path.exists(path):
        err(f"缺少 {name}")
        return rows
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                err(f"{name}: 第{i}行为空行")
                continue
            if "\\u" in line:
                err(f"{name}: 第{i}行含转义的 Unicode，应直接写中文")
            try:
                rows.append((i, json.loads(line)))
            except json.JSONDecodeError as e:
                err(f"{name}: 第{i}行 JSON 解析失败：{e}")
    return rows


def check_questions(pol, info):
    rows = read_jsonl("questions.jsonl")
    if len(rows) != N_QUESTIONS:
        err(f"questions.jsonl 应为 {N_QUESTIONS} 行，实际 {len(rows)}")
    kinds = {}
    per_policy = {pid: 0 for pid in pol}
    seen_q = set()
    for i, r in rows:
        if set(r) != {"q", "policy_id", "clause", "kind"}:
            err(f"questions.jsonl 第{i}行字段应为 q/policy_id/clause/kind：{sorted(r)}")
            continue
        q, pid, cl, k = r["q"], r["policy_id"], r["clause"], r["kind"]
        if not isinstance(q, str) or not q.strip():
            err(f"questions.jsonl 第{i}行 q 为空")
        if q in seen_q:
            err(f"questions.jsonl 第{i}行问题重复：{q}")
        seen_q.add(q)
        kinds[k] = kinds.get(k, 0) + 1
        if k in OTHER_KINDS:
            if pid is not None or cl is not None:
                err(f"questions.jsonl 第{i}行 {k} 题的 policy_id 和 clause 应为 null")
        elif k in ANSWERABLE_KINDS:
            if pid not in pol:
                err(f"questions.jsonl 第{i}行 policy_id 不存在：{pid}")
                continue
            per_policy[pid] += 1
            if cl not in pol[pid]["labels"]:
                err(f"questions.jsonl 第{i}行 clause “{cl}” 不在 {pid} 的条款标签中")
        else:
            err(f"questions.jsonl 第{i}行 kind 非法：{k}")
    for k, n in list(ANSWERABLE_KINDS.items()) + list(OTHER_KINDS.items()):
        if kinds.get(k, 0) != n:
            err(f"questions.jsonl: kind {k} 应为 {n} 题，实际 {kinds.get(k, 0)}")
    if sum(per_policy.values()) != N_ANSWERABLE:
        err(f"可答题应为 {N_ANSWERABLE}，实际 {sum(per_policy.values())}")
    for pid, n in per_policy.items():
        if not 4 <= n <= 6:
            err(f"{pid} 可答题数应在 4–6 之间，实际 {n}")
    if info:
        for pid in info["expired"]:
            if per_policy.get(pid, 0) < 4:
                err(f"失效政策 {pid} 应有标注其本身的题目")
    return kinds, per_policy


def check_conversations(pol):
    rows = read_jsonl("conversations.jsonl")
    if len(rows) != N_CONVS:
        err(f"conversations.jsonl 应为 {N_CONVS} 行，实际 {len(rows)}")
    pcount = {p: 0 for p in PATTERNS}
    ids = set()
    for i, r in rows:
        if set(r) != {"id", "collection", "patterns", "turns"}:
            err(f"conversations.jsonl 第{i}行字段不符：{sorted(r)}")
            continue
        cid = r["id"]
        if cid != f"{COLLECTION}-{i:02d}":
            err(f"conversations.jsonl 第{i}行 id 应为 {COLLECTION}-{i:02d}，实际 {cid}")
        if cid in ids:
            err(f"对话 id 重复：{cid}")
        ids.add(cid)
        if r["collection"] != COLLECTION:
            err(f"{cid}: collection 应为 {COLLECTION}")
        if not r["patterns"]:
            err(f"{cid}: patterns 为空")
        for p in r["patterns"]:
            if p not in pcount:
                err(f"{cid}: 未知 pattern {p}")
            else:
                pcount[p] += 1
        turns = r["turns"]
        if not 2 <= len(turns) <= 3:
            err(f"{cid}: 轮数应为 2–3，实际 {len(turns)}")
        for t in turns:
            if set(t) != {"q", "expect"}:
                err(f"{cid}: 轮次字段应为 q/expect")
                continue
            if t["expect"] is not None and t["expect"] not in pol:
                err(f"{cid}: expect 不存在：{t['expect']}")
        if "not_covered_followup" in r["patterns"] and not any(t.get("expect") is None for t in turns[1:]):
            err(f"{cid}: not_covered_followup 应有 expect 为 null 的追问轮")
        if "topic_switch" in r["patterns"]:
            exps = [t.get("expect") for t in turns if t.get("expect")]
            if len(set(exps)) < 2:
                err(f"{cid}: topic_switch 应涉及两件不同政策")
        if "zone_later" in r["patterns"]:
            first = turns[0].get("expect")
            zl = first and pol.get(first) and (isinstance(pol[first]["fm"].get("zones"), list) or "仅适用于" in pol[first]["body"])
            if not zl:
                err(f"{cid}: zone_later 的首轮应为限定镇街的政策")
            elif any(t.get("expect") != first for t in turns):
                err(f"{cid}: zone_later 各轮 expect 应仍为 {first}")
    for p, n in pcount.items():
        if n < 3:
            err(f"conversations.jsonl: pattern {p} 至少出现 3 次，实际 {n}")
    return pcount


def main():
    zones, _ = load_zones()
    pol = load_policies(zones)
    if "--labels" in sys.argv:
        for pid in sorted(pol, key=lambda x: int(x.split("-")[2])):
            p = pol[pid]
            print(f"{pid} [{p['fmt']}版式/{'完整' if p['kind'] == 'full' else '简略'}] {p['fm']['title']}")
            print("  " + " ".join(p["labels"]))
        return 0
    info = check_policy_set(pol, zones)
    kinds, per_policy = check_questions(pol, info)
    pcount = check_conversations(pol)
    if not os.path.exists(os.path.join(BASE, "README.md")):
        err("缺少 README.md")
    if "--stats" in sys.argv:
        print("kind:", json.dumps(kinds, ensure_ascii=False))
        print("per_policy:", json.dumps(per_policy, ensure_ascii=False))
        print("patterns:", json.dumps(pcount, ensure_ascii=False))
        if info:
            print("pairs:", info["pairs"], "expired:", info["expired"],
                  "fm_only:", info["fm_only"], "body_only:", info["body_only"])
    if errors:
        print(f"发现 {len(errors)} 个问题：")
        for e in errors:
            print(" - " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

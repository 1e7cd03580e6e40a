#!/usr/bin/python3
"""Validate the blind9 evaluation set."""
import json, os, re, sys
from collections import Counter

ROOT = os.path.dirname(os.path.abspath(__file__))
NOW = "2026-12-03"
CN = "一二三四五六七八九十"
errors = []

def err(m):
    errors.append(m)

def parse_policy(path):
    text = open(path, encoding="utf-8").read()
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not m:
        err(f"{path}: no front matter"); return None, None
    fm = {}
    for line in m.group(1).splitlines():
        if not line.strip():
            continue
        k, _, v = line.partition(":")
        v = v.split("#")[0].strip() if k.strip() == "zones" else v.strip()
        fm[k.strip()] = v
    return fm, m.group(2)

def paragraphs(body):
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]

def labels_for(body):
    paras = paragraphs(body)
    if any(re.match(r"^第[一二三四五六七八九十]+条", p) for p in paras):
        layout = "条款"
        labels = {re.match(r"^(第[一二三四五六七八九十]+条)", p).group(1) for p in paras if re.match(r"^第[一二三四五六七八九十]+条", p)}
        if not paras[0].startswith("# "):
            err("条款 layout without title line")
    elif any(re.match(r"^[一二三四五六七八九十]+、", p) for p in paras):
        layout = "章节"
        labels, cur, items = set(), None, {}
        for p in paras:
            ms = re.match(r"^([一二三四五六七八九十]+、)", p)
            mi = re.match(r"^(（[一二三四五六七八九十]+）)", p)
            if ms:
                cur = ms.group(1); items[cur] = []
            elif mi and cur:
                items[cur].append(mi.group(1))
        for s, its in items.items():
            if its:
                labels |= {s + i for i in its}
            else:
                labels.add(s)
        if not paras[0].startswith("# "):
            err("章节 layout without title line")
    else:
        layout = "通知散文"
        labels = {f"第{i}段" for i in range(1, len(paras) + 1)}
        if paras[0].startswith("#") or not paras[0].endswith("："):
            err("通知 layout: first paragraph must be salutation")
        if paras[-1] != "特此通知。":
            err("通知 layout: last paragraph must be 特此通知。")
    return layout, labels, paras

pol_dir = os.path.join(ROOT, "policies")
policies = {}
for fn in sorted(os.listdir(pol_dir)):
    if not fn.endswith(".md"):
        continue
    fm, body = parse_policy(os.path.join(pol_dir, fn))
    if fm is None:
        continue
    if fm.get("id") + ".md" != fn:
        err(f"{fn}: id mismatch")
    if not re.match(r"^ZD-\d{4}-\d{3}$", fm["id"]):
        err(f"{fn}: bad id")
    layout, labels, paras = labels_for(body)
    policies[fm["id"]] = dict(fm=fm, layout=layout, labels=labels, paras=paras, body=body)

print("policies:", len(policies))
if len(policies) != 20:
    err("need 20 policies")
minimal = [p for p, d in policies.items() if set(d["fm"]) == {"id", "title", "issuer", "doc_no", "issued"}]
print("minimal front matter:", len(minimal), minimal)
if len(minimal) != 6:
    err("need 6 minimal front matters")
print("layouts:", Counter(d["layout"] for d in policies.values()))
for p, d in policies.items():
    if "replaced_by" in d["fm"]:
        err(f"{p}: replaced_by must not be present")
expired = [p for p, d in policies.items() if d["fm"].get("valid_until", "9999") < NOW]
print("expired by front matter:", expired)
if len(expired) != 2:
    err("need 2 expired")
for p in expired:
    doc = policies[p]["fm"]["doc_no"]
    succ = [q for q, d in policies.items() if q != p and doc in d["paras"][-1] and "同时废止" in d["paras"][-1]]
    print(f"  {p} ({doc}) retired by:", succ or "no successor")
tables = [p for p, d in policies.items() if re.search(r"^\|.*\|\s*$", d["body"], re.M)]
annex = [p for p, d in policies.items() if "附件：申报材料清单" in d["body"] and re.search(r"^1\. ", d["body"], re.M)]
print("table:", tables, "annex:", annex)
if not tables or not annex:
    err("need a table and an annex")

# zones
zy = open(os.path.join(ROOT, "zones.yaml"), encoding="utf-8").read()
zone_block = re.search(r"^zones:\n((?:  - .*\n)+)", zy, re.M).group(1)
zones = [l.strip()[2:].strip() for l in zone_block.splitlines()]
print("zones:", zones)
team_zones = re.findall(r"^    zones: \[(.*?)\]", zy, re.M)
cover = Counter(z.strip() for tz in team_zones for z in tz.split(","))
print("teams:", len(team_zones))
for z in zones:
    if cover[z] != 1:
        err(f"zone {z} covered {cover[z]} times")
for z in cover:
    if z not in zones:
        err(f"team zone {z} not in zones")
zone_limited = []
for p, d in policies.items():
    zv = d["fm"].get("zones")
    if zv and zv != "all":
        zl = [z.strip() for z in zv.strip("[]").split(",")]
        for z in zl:
            if z not in zones:
                err(f"{p}: unknown zone {z}")
        zone_limited.append(p)
    elif zv is None and "不适用本通知" in d["body"]:
        zone_limited.append(p + "(text)")
print("zone-limited:", zone_limited)
if len(zone_limited) < 3:
    err("need 3 zone-limited policies")

# questions
qs = [json.loads(l) for l in open(os.path.join(ROOT, "questions.jsonl"), encoding="utf-8") if l.strip()]
print("questions:", len(qs))
if len(qs) != 130:
    err("need 130 questions")
kinds = Counter(q["kind"] for q in qs)
print("kinds:", dict(kinds))
per_pol = Counter()
for i, q in enumerate(qs, 1):
    if set(q) != {"q", "policy_id", "clause", "kind"}:
        err(f"q{i}: keys")
    if q["kind"] in (None, "near_miss"):
        if q["policy_id"] is not None or q["clause"] is not None:
            err(f"q{i}: should be null")
        continue
    if q["policy_id"] not in policies:
        err(f"q{i}: unknown policy {q['policy_id']}"); continue
    if q["clause"] not in policies[q["policy_id"]]["labels"]:
        err(f"q{i}: clause {q['clause']} not in {q['policy_id']}")
    per_pol[q["policy_id"]] += 1
    if q["kind"] == "terse" and not 3 <= len(q["q"]) <= 8:
        err(f"q{i}: terse length {len(q['q'])}")
ans = sum(v for k, v in kinds.items() if k not in (None, "near_miss"))
print("answerable:", ans, "near_miss:", kinds["near_miss"], "off-topic:", kinds[None])
if ans != 100 or kinds["near_miss"] != 18 or kinds[None] != 12:
    err("question split wrong")
for p in policies:
    if per_pol[p] < 4:
        err(f"{p}: only {per_pol[p]} questions")
print("min questions per policy:", min(per_pol[p] for p in policies))

# conversations
cs = [json.loads(l) for l in open(os.path.join(ROOT, "conversations.jsonl"), encoding="utf-8") if l.strip()]
print("conversations:", len(cs))
if len(cs) != 24:
    err("need 24 conversations")
pats = Counter()
for c in cs:
    if c.get("collection") != "blind9" or not re.match(r"^blind9-\d\d$", c["id"]):
        err(f"{c['id']}: id/collection")
    if not 2 <= len(c["turns"]) <= 3:
        err(f"{c['id']}: turns")
    for t in c["turns"]:
        if t["expect"] is not None and t["expect"] not in policies:
            err(f"{c['id']}: unknown expect {t['expect']}")
    pats.update(c["patterns"])
print("patterns:", dict(pats))
for p in ["aspect_followup", "variant", "zone_later", "topic_switch", "two_part", "facts_then_question", "not_covered_followup", "asr", "expired"]:
    if pats[p] < 3:
        err(f"pattern {p} < 3")

if errors:
    print("\nERRORS:"); [print(" -", e) for e in errors]; sys.exit(1)
print("\nOK")

"""A generated set of official documents with known front matter (seeded, varied layouts).

Issuers, document-number prefixes, titles and clauses are combined at random from pools written like
a district's real notices; each document varies the layout (red header, info table, plain), the
title wrapping, Chinese-numeral dates, the document number's brackets and whether a validity date is
stated. ``from_policy`` turns a corpus policy into the same kind of document (the round trip).
"""

from __future__ import annotations

import datetime as dt
import random

from bench.official_docs import LAYOUTS, OfficialDoc

__all__ = ["from_policy", "generated_set"]

_ISSUERS = [
    ("青岛市崂山区人力资源和社会保障局", "崂人社发"),
    ("青岛市崂山区科学技术局", "崂科发"),
    ("青岛市崂山区人民政府办公室", "崂政办发"),
    ("青岛市即墨区工业和信息化局", "即工信字"),
    ("青岛市即墨区财政局", "即财预"),
    ("青岛市市场监督管理局", "青市监发"),
    ("青岛市商务局", "青商字"),
    ("青岛市崂山区发展和改革局", "崂发改字"),
]
_SUBJECTS = [
    ("支持高新技术企业高质量发展", "若干措施"),
    ("稳就业促创业", "实施办法"),
    ("企业研发投入奖励", "实施细则"),
    ("外贸企业开拓国际市场", "扶持政策"),
    ("专精特新中小企业培育", "工作方案"),
    ("重点产业人才引进", "管理办法"),
    ("小微企业融资担保费补贴", "办法"),
]
_CLAUSES = [
    "对首次认定的高新技术企业，给予一次性奖励{n}万元；对重新认定的，给予{m}万元奖励。",
    "企业上年度研发投入超过{n}00万元的，按新增部分的{m}%给予补助，单个企业每年最高不超过{n}0万元。",
    "参加境内外展会的，按展位费的{m}0%给予补贴，每家企业每年最高{n}万元。",
    "对新招用登记失业人员并签订一年以上劳动合同的企业，按每人{n}000元给予一次性吸纳就业补贴。",
    "申请企业应当于每年{m}月底前，将申请表、营业执照复印件和相关证明材料报送区主管部门。",
    "享受本政策的企业应当在本区依法登记注册，具有独立法人资格，且近{m}年无重大违法违规记录。",
]


def _body(rng: random.Random, until: dt.date | None, start: dt.date) -> list[str]:
    clauses = rng.sample(_CLAUSES, k=rng.randint(3, len(_CLAUSES)))
    text = [c.format(n=rng.randint(2, 9), m=rng.randint(1, 6)) for c in clauses]
    style = rng.choice(["articles", "sections"])
    numerals = "一二三四五六七八九十"
    body = [
        f"第{numerals[i]}条　{t}" if style == "articles" else f"{numerals[i]}、{t}"
        for i, t in enumerate(text)
    ]
    last = f"本办法自{start.year}年{start.month}月{start.day}日起施行"
    if until:
        last += f"，有效期至{until.year}年{until.month}月{until.day}日"
    body.append((f"第{numerals[len(text)]}条　" if style == "articles" else "") + last + "。")
    return ["为进一步优化营商环境，激发市场主体活力，结合本区实际，制定本办法。", *body]


def generated_set(count: int = 24, seed: int = 13) -> list[OfficialDoc]:
    """``count`` documents cycling through layouts, with wrapped titles, Chinese dates and odd brackets."""
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        issuer, prefix = rng.choice(_ISSUERS)
        subject, kind = rng.choice(_SUBJECTS)
        district = issuer[3:6] if issuer.startswith("青岛市") and "区" in issuer[3:6] else "青岛市"
        inner = f"{district}{subject}{kind}"
        title = rng.choice([f"关于印发《{inner}》的通知", f"关于{subject}的实施意见", f"{inner}"])
        issued = dt.date(rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28))
        start = issued + dt.timedelta(days=rng.randint(0, 40))
        until = start.replace(year=start.year + rng.randint(1, 4)) - dt.timedelta(days=1) if i % 3 else None
        docs.append(
            OfficialDoc(
                title=title,
                issuer=issuer,
                body=_body(rng, until, start),
                doc_no=f"{prefix}〔{issued.year}〕{rng.randint(1, 120)}号" if i % 7 != 6 else None,
                issued=issued,
                valid_until=until,
                layout=LAYOUTS[i % len(LAYOUTS)],
                title_break=len(title) // 2 + rng.randint(-3, 3) if len(title) > 22 or i % 4 == 0 else None,
                chinese_numerals=i % 2 == 1,
                brackets=["〔〕", "[]", "()", "〔〕"][i % 4],
                running_header=f"{issuer}规范性文件" if i % 5 == 0 else None,
                addressee=None if i % 6 == 5 else "各街道办事处，区政府各部门，各有关企业：",
            )
        )
    return docs


def from_policy(policy, layout: str = "red_header") -> OfficialDoc:
    """A corpus policy as an official document (its addressee paragraph, if any, as the addressee)."""
    paragraphs = [p.strip() for p in policy.body.split("\n\n") if p.strip()]
    addressee = (
        paragraphs[0] if paragraphs and paragraphs[0].endswith("：") and len(paragraphs[0]) < 60 else None
    )
    body = paragraphs[1:] if addressee else paragraphs
    return OfficialDoc(
        title=policy.title,
        issuer=policy.issuer or "青岛市即墨区人民政府",
        body=[line for p in body for line in p.splitlines() if line.strip()],
        doc_no=policy.doc_no,
        issued=policy.issued,
        valid_until=policy.valid_until,
        addressee=addressee,
        layout=layout,
        title_break=len(policy.title) // 2 if len(policy.title) > 24 else None,
    )

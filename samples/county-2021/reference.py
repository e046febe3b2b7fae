#!/usr/bin/env python3
"""An independent, hard-coded reading of rules/county-2021.yaml over these ledgers.

    python3 samples/county-2021/reference.py            # table of every unit
    python3 samples/county-2021/reference.py --json     # the same as JSON (money in 元)

This is NOT the engine: it re-implements *this one scheme* by hand, straight from SPEC.md, so
that the ledgers can be shaped (cap hits, floors, the tie, deposits …) and so that the engine's
results have something independent to be compared with.  Where SPEC.md leaves a choice open,
the choice made here is written in a comment marked CHOICE.  Needs openpyxl (for reports.xlsx).
"""

import csv
import datetime as dt
import json
import os
import re
import sys
from collections import defaultdict
from decimal import Decimal as D, ROUND_HALF_UP, getcontext

getcontext().prec = 50
HERE = os.path.dirname(os.path.abspath(__file__))
P0, P1 = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
AS_OF = P1
USD = D("6.45")
WAN, YI = D(10000), D(100000000)


def r2(x):
    return x.quantize(D("0.01"), ROUND_HALF_UP)


def read_csv(name):
    raw = open(os.path.join(HERE, name), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    return list(csv.DictReader(text.splitlines()))


def date(s):
    if isinstance(s, dt.datetime):
        return s.date()
    if isinstance(s, dt.date):
        return s
    s = (s or "").strip()
    if not s:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def literal(s):
    s = s.strip()
    if s.endswith("元"):
        s = s[:-1]
    if s.endswith("%"):
        return D(s[:-1]) / 100
    if s.endswith("万"):
        return D(s[:-1]) * WAN
    if s.endswith("亿"):
        return D(s[:-1]) * YI
    return D(s)


def credit(text):
    """责任单位 → {unit: share}.  CHOICE: 'a,b' / 'a、b' without % split equally."""
    parts = [p.strip() for p in re.split(r"[、,，;；]", text) if p.strip()]
    out = {}
    for p in parts:
        m = re.fullmatch(r"(\S+)\s+(\d+(?:\.\d+)?)%", p)
        if m:
            out[m[1]] = D(m[2]) / 100
        else:
            out[p] = None
    if all(v is None for v in out.values()):
        return {u: D(1) / len(out) for u in out}
    assert all(v is not None for v in out.values()) and sum(out.values()) == 1, text
    return out


# ------------------------------------------------------------------------------------------------
units = read_csv("units.csv")
UNIT = {u["单位"]: u for u in units}
GROUPS = ["一类乡镇", "二类乡镇", "县直单位"]
TOWN = {"一类乡镇", "二类乡镇"}
GT = {
    "一类乡镇": {"省外到位资金": 3 * YI, "亿元项目": D(3), "主要领导外出招商": D(6), "新入统项目": D(4)},
    "二类乡镇": {"省外到位资金": D("1.5") * YI, "亿元项目": D(2), "主要领导外出招商": D(4), "新入统项目": D(3)},
    "县直单位": {"省外到位资金": 8000 * WAN, "亿元项目": D(1), "主要领导外出招商": D(4)},
}
targets = defaultdict(dict)
for t in read_csv("targets.csv"):
    targets[t["单位"]][t["指标"]] = literal(t["目标"])


def target(u, item):
    if item in targets[u]:
        return targets[u][item]
    return GT[UNIT[u]["类别"]].get(item)


projects = []
for r in read_csv("projects.csv"):
    p = dict(key=r["项目编号"], shares=credit(r["责任单位"]), sign=date(r["签约日期"]), start=date(r["开工日期"]),
             contract=D(r["合同投资额"]) * WAN, dw=D(r["到位资金"]) * WAN,
             usd=(D(r["外资到位"]) * USD) if r["外资到位"] else None, src=r["资金来源"], rt=r["入统"] == "是",
             tags=[t for t in re.split(r"[、,，;；]", r["标签"]) if t])
    p["本年签约"] = P0 <= p["sign"] <= P1
    p["亿元以上"] = p["contract"] >= YI
    p["已开工"] = p["start"] is not None and p["start"] <= AS_OF
    p["达标项目"] = p["本年签约"] and (p["contract"] >= 5000 * WAN or p["dw"] >= 2000 * WAN)
    projects.append(p)
assert len({p["key"] for p in projects}) == len(projects)

trips = [dict(unit=r["单位"], d=date(r["出发日期"]), role=r["职务"], dest=r["目的地"], n=D(r["对接企业数"]))
         for r in read_csv("trips.csv")]

import openpyxl  # noqa: E402
wb = openpyxl.load_workbook(os.path.join(HERE, "reports.xlsx"))
ws = wb["月报报送登记"]
reports = []
for row in ws.iter_rows(min_row=2, values_only=True):
    u, month, due, sent, clerk = row
    reports.append(dict(unit=u, due=date(due), sent=date(sent) if sent else None))

deposits = read_csv("deposits.csv")
incidents = [dict(unit=r["单位"], d=date(r["发生日期"]), type=r["类型"], level=r["等级"]) for r in read_csv("incidents.csv")]
adj = defaultdict(list)
for a in read_csv("adjustments.csv"):
    adj[(a["单位"], a["指标"])].append(D(a["分数"]))

QUARTER_DEDUCT = {"党委书记": 1000, "镇长": 1000, "乡长": 1000, "党组书记": 1000, "局长": 1000,
                  "分管领导": 600, "分管副局长": 600, "招商办主任": 400}
MAIN = {"党委书记", "镇长", "乡长", "党组书记", "局长"}


def agg(u, recs, where, val=lambda p: D(1)):
    return sum((p["shares"][u] * val(p) for p in recs if u in p["shares"] and where(p)), D(0))


# ------------------------------------------------------------------------------------------------
U = {}
for u in UNIT:
    g = UNIT[u]["类别"]
    v = {}
    v["省外到位资金"] = agg(u, projects, lambda p: p["本年签约"] and p["src"] in ("省外", "境外"),
                       lambda p: p["dw"] + (p["usd"] or 0))
    v["亿元项目"] = agg(u, projects, lambda p: p["本年签约"] and p["亿元以上"])
    v["签约项目"] = agg(u, projects, lambda p: p["本年签约"])
    v["开工项目"] = agg(u, projects, lambda p: p["本年签约"] and p["已开工"])
    v["开工率"] = v["开工项目"] / max(v["签约项目"], D(1))
    v["主要领导外出招商"] = D(sum(1 for t in trips if t["unit"] == u and P0 <= t["d"] <= P1 and t["role"] in MAIN and t["n"] >= 1))
    v["新入统项目"] = agg(u, projects, lambda p: p["本年签约"] and p["rt"]) if g in TOWN else None
    v["签约合同额"] = agg(u, projects, lambda p: p["本年签约"], lambda p: p["contract"]) if g in TOWN else None
    v["实际利用外资"] = agg(u, projects, lambda p: p["本年签约"] and p["usd"] is not None, lambda p: p["usd"]) if g in TOWN else None
    v["引荐项目"] = v["签约项目"] if g == "县直单位" else None
    v["季度达标项目"] = agg(u, projects, lambda p: p["达标项目"])
    v["世界500强项目"] = agg(u, projects, lambda p: p["本年签约"] and "世界500强" in p["tags"])
    v["高新技术项目"] = agg(u, projects, lambda p: p["本年签约"] and "高新技术" in p["tags"])
    v["重大项目"] = agg(u, projects, lambda p: p["本年签约"] and p["contract"] >= 10 * YI)
    v["开门红项目"] = agg(u, projects, lambda p: p["本年签约"] and p["亿元以上"] and p["sign"].month <= 3)
    v["报表迟报"] = D(sum(1 for r in reports if r["unit"] == u and r["sent"] is not None and r["sent"] > r["due"]))
    v["报表未报送"] = D(sum(1 for r in reports if r["unit"] == u and r["sent"] is None))
    v["安全生产事故"] = D(sum(1 for i in incidents if i["unit"] == u and P0 <= i["d"] <= P1 and i["type"] == "安全生产" and i["level"] == "一般"))
    v["数据造假"] = D(sum(1 for i in incidents if i["unit"] == u and P0 <= i["d"] <= P1 and i["type"] == "数据造假"))
    v["重大安全生产事故"] = D(sum(1 for i in incidents if i["unit"] == u and P0 <= i["d"] <= P1 and i["type"] == "安全生产" and i["level"] in ("较大", "重大", "特别重大")))
    U[u] = dict(unit=u, group=g, team=UNIT[u]["分团"], v=v, s={}, rate={}, tgt={})


def steps(x, table):
    s = D(0)
    for t, sc in table:
        if x >= t:
            s = D(sc)
    return s


POINTS = {"省外到位资金": 30, "亿元项目": 15, "开工率": 10, "主要领导外出招商": 10, "招商活动": 10,
          "新入统项目": 10, "签约合同额": 10, "实际利用外资": 5, "引荐项目": 15, "服务保障": 10}


def finish(u, item, raw):
    """adjustments, clamp 0..points, round (SPEC §5)."""
    if (u, item) not in adj:
        return r2(raw)                      # no adjustment: a cap of 120% may give more than points
    x = raw + sum(adj[(u, item)], D(0))
    if item in POINTS:                      # with adjustments: held within 0 … points (SPEC §5)
        x = min(max(x, D(0)), D(POINTS[item]))
    return r2(x)


for u, x in U.items():
    v, g = x["v"], x["group"]
    for item in ("省外到位资金", "亿元项目", "新入统项目", "主要领导外出招商"):
        t = target(u, item) if (item != "新入统项目" or g in TOWN) else None
        x["tgt"][item] = t
        x["rate"][item] = (v[item] / t) if (t and v[item] is not None) else None
    x["tgt"]["开工率"] = D("0.8")
    x["rate"]["开工率"] = v["开工率"] / D("0.8")
    rate = x["rate"]
    s = x["s"]
    s["省外到位资金"] = D(0) if rate["省外到位资金"] < D("0.5") else 30 * min(rate["省外到位资金"], D("1.2"))
    s["亿元项目"] = steps(rate["亿元项目"], [(D("0.5"), 5), (D("0.8"), 10), (D(1), 15)])
    k = rate["开工率"]
    s["开工率"] = D(0) if k <= D("0.5") else D(10) if k >= 1 else 10 * (k - D("0.5")) / D("0.5")
    s["主要领导外出招商"] = min(2 * v["主要领导外出招商"], D(10))
    s["招商活动"] = D(0)
    if g in TOWN:
        s["新入统项目"] = D(10) if rate["新入统项目"] >= 1 else 10 * rate["新入统项目"] * D("0.8")
        s["实际利用外资"] = steps(v["实际利用外资"], [(D(1), 2), (300 * WAN, 4), (1000 * WAN, 5)])
    else:
        s["服务保障"] = D(0)

# relative and by_rank, over the units of the group the item applies to (vetoed included)
for g in GROUPS:
    members = [x for x in U.values() if x["group"] == g]
    if g in TOWN:
        vals = [x["v"]["签约合同额"] for x in members]
        lo, hi = min(vals), max(vals)
        for x in members:
            f = D(1) if hi == lo else (x["v"]["签约合同额"] - lo) / (hi - lo)
            x["s"]["签约合同额"] = 10 * (D("0.6") + D("0.4") * f)
    else:
        for x in members:
            rank = 1 + sum(1 for y in members if y["v"]["引荐项目"] > x["v"]["引荐项目"])
            x["s"]["引荐项目"] = D({1: 15, 2: 13, 3: 11, 4: 9}.get(rank, 7))

for u, x in U.items():
    for item in list(x["s"]):
        x["s"][item] = finish(u, item, x["s"][item])
    v = x["v"]
    b = {"世界500强项目": r2(3 * v["世界500强项目"]), "高新技术项目": r2(min(v["高新技术项目"], D(3))),
         "重大项目": r2(min(2 * v["重大项目"], D(4))), "开门红项目": r2(min(v["开门红项目"], D(2)))}
    d = {"报表迟报": r2(D("0.5") * v["报表迟报"]), "报表未报送": r2(v["报表未报送"]), "安全生产事故": r2(2 * v["安全生产事故"])}
    x["bonuses"], x["deductions"] = b, d
    x["base"] = sum(x["s"].values(), D(0))
    x["bonus"] = min(sum(b.values(), D(0)), D(10))
    x["deduction"] = min(sum(d.values(), D(0)), D(10))
    x["total"] = max(D(0), x["base"] + x["bonus"] - x["deduction"])
    x["vetoes"] = [n for n in ("数据造假", "重大安全生产事故") if v[n] > 0]
    x["vetoed"] = bool(x["vetoes"])
    if "重大安全生产事故" in x["vetoes"]:
        x["total"] = D(0)


def grade(t):
    return "优秀" if t >= 90 else "良好" if t >= 80 else "合格" if t >= 60 else "不合格"


def key(x):
    return (x["vetoed"], -x["total"], -x["rate"]["省外到位资金"], -x["v"]["亿元项目"])


for scope in GROUPS + ["*"]:
    members = [x for x in U.values() if scope == "*" or x["group"] == scope]
    for x in members:
        r = 1 + sum(1 for y in members if key(y) < key(x))
        if scope == "*":
            x["rank_all"] = r
        else:
            x["rank"] = r
            x["rank_pct"] = D(r) / len(members)

for x in U.values():
    x["grade"] = "不合格" if x["vetoed"] else grade(x["total"])

# deposits
for x in U.values():
    x["deposits"] = []
for dep in deposits:
    u = dep["单位"]
    x = U[u]
    amount = D(dep["金额"])
    basis = x["rate"]["省外到位资金"]
    deducted, quarters = D(0), []
    for q in (1, 2, 3, 4):
        n = agg(u, projects, lambda p: p["达标项目"] and (p["sign"].month - 1) // 3 + 1 == q)
        if n == 0:
            deducted += QUARTER_DEDUCT[dep["职务"]]
            quarters.append(f"2021Q{q}")
    reward = D(0)
    if basis >= 1:
        refund, reward = amount - deducted, amount
    elif basis >= D("0.8"):
        refund = amount - deducted
    elif basis >= D("0.6"):
        refund = amount * basis - deducted
    else:
        refund = D(0)
    refund = min(max(refund, D(0)), amount)
    if x["vetoed"]:
        refund, reward = D(0), D(0)
    refund, reward = r2(refund), r2(reward)    # CHOICE: deposits rounded to 0.01 元 like rewards
    x["deposits"].append(dict(name=dep["姓名"], role=dep["职务"], paid=amount, refund=refund, reward=reward,
                              forfeit=amount - refund, deducted=deducted, deducted_in=quarters))


def marginal(x, table):
    tot = D(0)
    for i, (t, rate) in enumerate(table):
        nxt = table[i + 1][0] if i + 1 < len(table) else None
        if x > t:
            top = x if nxt is None else min(x, nxt)
            tot += (top - t) * rate
    return tot


def bracket(x, table):
    r = D(0)
    for t, rate in table:
        if x >= t:
            r = rate
    return x * r


REF = [(D(0), D("0.001")), (1000 * WAN, D("0.002")), (5000 * WAN, D("0.003"))]
FX = [(D(0), D(0)), (300 * WAN, D("0.01")), (1000 * WAN, D("0.02"))]
for u, x in U.items():
    v = x["v"]
    rw = {}
    if not x["vetoed"]:
        if x["grade"] != "不合格":
            rw["引资奖励"] = min(v["省外到位资金"] * D("0.0005"), 20 * WAN)
        rw["排名奖励"] = {1: 5 * WAN, 2: 3 * WAN, 3: 2 * WAN}.get(x["rank"], D(0))
        rw["引荐奖励"] = min(agg(u, projects, lambda p: p["本年签约"] and p["dw"] >= p["contract"] * D("0.5"),
                             lambda p: marginal(p["dw"], REF)), 20 * WAN)
        if v["实际利用外资"] is not None:
            rw["外资奖励"] = bracket(v["实际利用外资"], FX)
        if x["grade"] == "优秀":
            rw["工作经费奖励"] = 5 * WAN if x["total"] >= 95 else 3 * WAN if x["total"] >= 90 else D(0)
    x["rewards"] = {k: r2(a) for k, a in rw.items() if r2(a) != 0}
    pen = []
    if x["total"] < 60:
        pen.append("通报批评")
    if x["rate"]["省外到位资金"] < D("0.5"):
        pen.append("约谈主要负责人")
    if v["报表迟报"] + v["报表未报送"] >= 3:
        pen.append("报表报送通报")
    if x["rank_all"] > 22:
        pen.append("表态发言")
    block = x["vetoed"] or v["主要领导外出招商"] < x["tgt"]["主要领导外出招商"]
    if block:
        pen.append("取消评先评优资格")
    x["penalties"] = pen
    titles = []
    if not x["vetoed"] and not block:
        members = [y for y in U.values() if y["group"] == x["group"]]
        if x["rank"] <= 2 and x["grade"] == "优秀" and x["base"] >= 85:
            titles.append("招商引资先进单位")
        if v["省外到位资金"] == max(y["v"]["省外到位资金"] for y in members):
            titles.append("招商引资标兵单位")
        if x["rank_pct"] <= D("0.5") and x["grade"] in ("优秀", "良好"):
            titles.append("招商引资优胜单位")
    x["titles"] = titles

teams = defaultdict(list)
for x in U.values():
    teams[x["team"]].append(x)
team_rows = sorted(((t, sum(y["total"] for y in m) / len(m)) for t, m in teams.items()), key=lambda r: -r[1])


# ------------------------------------------------------------------------------------------------
def num(x):
    if x is None:
        return None
    x = D(x)
    return int(x) if x == x.to_integral_value() else float(round(x, 6))


CASE_UNITS = ["城关镇", "新桥镇", "河西镇", "龙泉镇", "河口镇", "高坪乡", "石门乡", "桃源乡", "黄龙乡", "三合乡",
              "柳溪乡", "云台乡", "杨柳乡", "县商务局", "县工信局", "县文广旅局", "县财政局"]


def yv(x):
    """a YAML scalar for a number: at most 6 decimals, no trailing zeros."""
    x = D(x).quantize(D("0.000001"), ROUND_HALF_UP).normalize()
    return format(x, "f")


def cases():
    """expected results in the `kaohe test` format (SPEC §8), for the units with a built-in property."""
    lines = ["# Expected results for rules/county-2021.yaml over these ledgers, written by reference.py",
             "# (an independent hand-coded reading of SPEC.md; regenerate: python3 reference.py --cases).",
             "# Money in 元, rates as fractions.",
             "scheme: ../../rules/county-2021.yaml", "# data: default, the scheme's data.dir (this folder)", "expect:"]
    for u in CASE_UNITS:
        x = U[u]
        kv = [("total", yv(x["total"])), ("base", yv(x["base"])), ("bonus", yv(x["bonus"])),
              ("deduction", yv(x["deduction"])), ("rank", x["rank"]), ("rank_all", x["rank_all"]),
              ("grade", x["grade"]), ("vetoed", "true" if x["vetoed"] else "false")]
        kv.append(("省外到位资金.value", yv(x["v"]["省外到位资金"])))
        kv.append(("省外到位资金.target", yv(x["tgt"]["省外到位资金"])))
        kv.append(("省外到位资金.rate", yv(x["rate"]["省外到位资金"])))
        for item, sc in x["s"].items():
            kv.append((f"{item}.score", yv(sc)))
        kv.append(("亿元项目.value", yv(x["v"]["亿元项目"])))
        kv.append(("开工率.value", yv(x["v"]["开工率"])))
        for name, a in x["rewards"].items():
            kv.append((f"rewards.{name}", yv(a)))
        for d in x["deposits"]:
            kv.append((f"deposits.{d['name']}.refund", yv(d["refund"])))
            kv.append((f"deposits.{d['name']}.reward", yv(d["reward"])))
            kv.append((f"deposits.{d['name']}.forfeit", yv(d["forfeit"])))
            kv.append((f"deposits.{d['name']}.deducted", yv(d["deducted"])))
        kv.append(("titles", "[" + ", ".join(x["titles"]) + "]"))
        kv.append(("penalties", "[" + ", ".join(x["penalties"]) + "]"))
        lines.append(f"  {u}:")
        lines += [f"    {k}: {v}" for k, v in kv]
    return "\n".join(lines) + "\n"


def main():
    if "--cases" in sys.argv:
        with open(os.path.join(HERE, "cases.yaml"), "w", encoding="utf-8") as f:
            f.write(cases())
        return
    order = sorted(U.values(), key=lambda x: (GROUPS.index(x["group"]), x["rank"], x["unit"]))
    if "--json" in sys.argv:
        out = []
        for x in order:
            out.append(dict(unit=x["unit"], group=x["group"], team=x["team"],
                            values={k: num(a) for k, a in x["v"].items()},
                            rates={k: num(a) for k, a in x["rate"].items()},
                            scores={k: num(a) for k, a in x["s"].items()},
                            bonuses={k: num(a) for k, a in x["bonuses"].items()},
                            deductions={k: num(a) for k, a in x["deductions"].items()},
                            base=num(x["base"]), bonus=num(x["bonus"]), deduction=num(x["deduction"]),
                            total=num(x["total"]), rank=x["rank"], rank_all=x["rank_all"], grade=x["grade"],
                            vetoed=x["vetoed"], vetoes=x["vetoes"],
                            deposits=[{k: (num(a) if isinstance(a, D) else a) for k, a in d.items()} for d in x["deposits"]],
                            rewards={k: num(a) for k, a in x["rewards"].items()},
                            penalties=x["penalties"], titles=x["titles"]))
        print(json.dumps(dict(units=out, teams=[dict(team=t, score=num(s)) for t, s in team_rows]),
                         ensure_ascii=False, indent=1))
        return
    for x in order:
        s, v, rt = x["s"], x["v"], x["rate"]
        print(f"{x['group']} {x['rank']:>2} {x['unit']:<6} total={x['total']:>6} base={x['base']:>6} "
              f"+{x['bonus']} -{x['deduction']} {x['grade']} {'否决' if x['vetoed'] else ''}")
        print(f"    省外 {v['省外到位资金'] / WAN:.2f}万 rate={rt['省外到位资金']:.4f} s={s['省外到位资金']} | "
              f"亿元 {v['亿元项目']:.2f} s={s['亿元项目']} | 开工率 {v['开工率']:.4f} s={s['开工率']} | "
              f"外出 {v['主要领导外出招商']} s={s['主要领导外出招商']} | 活动 {s['招商活动']}")
        if x["group"] in TOWN:
            print(f"    入统 {v['新入统项目']:.2f} s={s['新入统项目']} | 合同额 {v['签约合同额'] / WAN:.2f}万 "
                  f"s={s['签约合同额']} | 外资 {v['实际利用外资'] / WAN:.2f}万 s={s['实际利用外资']}")
        else:
            print(f"    引荐 {v['引荐项目']:.2f} s={s['引荐项目']} | 服务 {s['服务保障']}")
        print(f"    bonus {dict((k, str(a)) for k, a in x['bonuses'].items() if a)} "
              f"ded {dict((k, str(a)) for k, a in x['deductions'].items() if a)}")
        print(f"    deposits {[(d['name'], d['role'], str(d['refund']), str(d['reward']), str(d['deducted']), d['deducted_in']) for d in x['deposits']]}")
        print(f"    rewards {dict((k, str(a)) for k, a in x['rewards'].items())} pen={x['penalties']} titles={x['titles']}")
    print("teams:", [(t, str(s)) for t, s in team_rows])


if __name__ == "__main__":
    main()

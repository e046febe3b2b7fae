#!/usr/bin/env python3
"""Deterministic generator of the 青岚县 2021 sample ledgers for rules/county-2021.yaml.

    python3 samples/county-2021/generate.py          # rewrites the files beside this script

Standard library plus openpyxl (for reports.xlsx only).  Fixed seed: the same script gives
byte-identical files (the XLSX is written with a fixed timestamp).

The data is *shaped*: every unit has a profile (completion rate of 省外到位资金, number of
亿元 projects, trips, 入统 projects, …) and the ledgers are built to produce it exactly, so
that the scores spread the way the lead wants to test them (cap hits, floors, a veto, an
exact tie, a doubled deposit, partial refunds, quarterly deductions).  See README.md.
"""

import csv
import datetime as dt
import io
import os
import random
import re
import zipfile
from decimal import Decimal as D, ROUND_DOWN

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 2021
rng = random.Random(SEED)

USD_RATE = D("6.45")
YEAR_START = dt.date(2021, 1, 1)

# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------
# (单位, 类别, 分团)
UNITS = [
    ("城关镇", "一类乡镇", "第一分团"), ("青石镇", "一类乡镇", "第一分团"), ("石门乡", "二类乡镇", "第一分团"),
    ("三合乡", "二类乡镇", "第一分团"), ("县发改局", "县直单位", "第一分团"),
    ("河西镇", "一类乡镇", "第二分团"), ("龙泉镇", "一类乡镇", "第二分团"), ("桃源乡", "二类乡镇", "第二分团"),
    ("双河乡", "二类乡镇", "第二分团"), ("县商务局", "县直单位", "第二分团"),
    ("白沙镇", "一类乡镇", "第三分团"), ("新桥镇", "一类乡镇", "第三分团"), ("柳溪乡", "二类乡镇", "第三分团"),
    ("云台乡", "二类乡镇", "第三分团"), ("县工信局", "县直单位", "第三分团"),
    ("马坪镇", "一类乡镇", "第四分团"), ("河口镇", "一类乡镇", "第四分团"), ("高坪乡", "二类乡镇", "第四分团"),
    ("黄龙乡", "二类乡镇", "第四分团"), ("县自然资源局", "县直单位", "第四分团"),
    ("杨柳乡", "二类乡镇", "第五分团"), ("县农业农村局", "县直单位", "第五分团"), ("县文广旅局", "县直单位", "第五分团"),
    ("县住建局", "县直单位", "第五分团"), ("县财政局", "县直单位", "第五分团"),
]
TEAM_LEADERS = {"第一分团": "县委书记 周明远", "第二分团": "县长 林振华", "第三分团": "县委副书记 陈立新",
                "第四分团": "常务副县长 王建国", "第五分团": "副县长 赵丽娟"}
GROUP_ORDER = ["一类乡镇", "二类乡镇", "县直单位"]
GROUP = {u: g for u, g, _ in UNITS}

GROUP_TARGET_WY = {"一类乡镇": D(30000), "二类乡镇": D(15000), "县直单位": D(8000)}   # 省外到位资金, 万元
GROUP_TARGET_YI = {"一类乡镇": 3, "二类乡镇": 2, "县直单位": 1}
# per-unit target overrides, written into targets.csv as rule literals
TARGET_ROWS = [
    ("城关镇", "省外到位资金", "4亿"),
    ("城关镇", "亿元项目", "4"),
    ("河西镇", "新入统项目", "5"),
    ("杨柳乡", "省外到位资金", "12000万"),
    ("县发改局", "省外到位资金", "1.2亿"),
    ("县商务局", "省外到位资金", "12000万"),
    ("县工信局", "亿元项目", "2"),
]


def target_wy(unit):
    for u, item, lit in TARGET_ROWS:
        if u == unit and item == "省外到位资金":
            return D(lit.replace("亿", "")) * 10000 if lit.endswith("亿") else D(lit.replace("万", ""))
    return GROUP_TARGET_WY[GROUP[unit]]


# ---------------------------------------------------------------------------------------------
# Profiles.  r = completion rate of 省外到位资金 (exact for units without shared projects);
# yi = 亿元 projects (kaimen of them signed in Q1, zd of them ≥ 10亿); n = 2021 projects of
# the unit alone; kg = started projects; trips = main-leader trips with ≥ 1 enterprise;
# rt = 入统 projects; fx = foreign funds in USD; b500 / gx = 世界500强 / 高新技术 tags;
# late / miss = months reported late / not at all; noq = quarters with no 达标 project;
# hd = 招商活动 rating; fw = 服务保障 rating (县直单位).
# ---------------------------------------------------------------------------------------------
P = dict
PROFILES = {
    # 一类乡镇 (target 3亿, 亿元 3, trips 6, 入统 4)
    "城关镇": P(r="1.35", yi=5, kaimen=2, zd=1, n=42, kg=36, trips=7, rt=7, fx=1800000, b500=2, gx=2, late=0, miss=0, noq=[], hd=None, fw=None),
    "河西镇": P(r="1.05", yi=1, kaimen=1, zd=0, n=36, kg=28, trips=6, rt=5, fx=600000, b500=0, gx=1, late=1, miss=0, noq=[], hd="9", fw=None),
    "青石镇": P(r="0.92", yi=3, kaimen=0, zd=0, n=35, kg=26, trips=6, rt=4, fx=0, b500=0, gx=1, late=0, miss=0, noq=[], hd="8.5", fw=None),
    "龙泉镇": P(r="0.78", yi=2, kaimen=0, zd=0, n=32, kg=21, trips=5, rt=3, fx=200000, b500=0, gx=0, late=2, miss=0, noq=[], hd="8", fw=None),
    "白沙镇": P(r="0.65", yi=2, kaimen=0, zd=0, n=30, kg=19, trips=4, rt=3, fx=0, b500=0, gx=0, late=1, miss=1, noq=[], hd="7", fw=None),
    "新桥镇": P(r="1.12", yi=4, kaimen=1, zd=0, n=38, kg=30, trips=6, rt=5, fx=900000, b500=1, gx=1, late=0, miss=0, noq=[], hd="9", fw=None),
    "马坪镇": P(r="0.55", yi=1, kaimen=0, zd=0, n=28, kg=15, trips=3, rt=2, fx=0, b500=0, gx=0, late=3, miss=1, noq=[], hd="6.5", fw=None),
    "河口镇": P(r="0.98", yi=3, kaimen=0, zd=0, n=34, kg=25, trips=6, rt=4, fx=300000, b500=0, gx=1, late=0, miss=0, noq=[], hd="8", fw=None),
    # 二类乡镇 (target 1.5亿, 亿元 2, trips 4, 入统 3)
    "高坪乡": P(r="1.25", yi=3, kaimen=1, zd=0, n=24, kg=19, trips=5, rt=4, fx=500000, b500=0, gx=1, late=0, miss=0, noq=[], hd="9", fw=None),
    "石门乡": P(r="0.96", yi=2, kaimen=0, zd=0, n=22, kg=16, trips=5, rt=3, fx=200000, b500=0, gx=1, late=1, miss=0, noq=[], hd="8.5", fw=None),
    "桃源乡": None,  # identical to 石门乡 by construction (the tie)
    "三合乡": P(r="0.85", yi=2, kaimen=0, zd=0, n=21, kg=14, trips=4, rt=3, fx=0, b500=0, gx=0, late=1, miss=0, noq=[], hd="8", fw=None),
    "双河乡": P(r="0.70", yi=1, kaimen=0, zd=0, n=20, kg=12, trips=4, rt=2, fx=0, b500=0, gx=0, late=2, miss=0, noq=[], hd="7.5", fw=None),
    "柳溪乡": P(r="0.75", yi=1, kaimen=0, zd=0, n=20, kg=13, trips=4, rt=2, fx=100000, b500=0, gx=0, late=0, miss=0, noq=[], hd="7.5", fw=None),
    "云台乡": P(r="0.62", yi=1, kaimen=0, zd=0, n=18, kg=10, trips=3, rt=2, fx=0, b500=0, gx=0, late=2, miss=0, noq=[1, 4], hd="6.5", fw=None),
    "黄龙乡": P(r="0.88", yi=2, kaimen=0, zd=0, n=20, kg=13, trips=4, rt=3, fx=0, b500=0, gx=0, late=1, miss=0, noq=[3], hd="7.5", fw=None),
    "杨柳乡": P(r="0.42", yi=0, kaimen=0, zd=0, n=16, kg=6, trips=2, rt=1, fx=0, b500=0, gx=0, late=3, miss=2, noq=[], hd="5", fw=None),
    # 县直单位 (target 8000万, 亿元 1, trips 4)
    "县发改局": P(r="1.10", yi=2, kaimen=0, zd=0, n=18, kg=13, trips=5, rt=3, fx=0, b500=0, gx=1, late=0, miss=0, noq=[], hd="8.5", fw="9"),
    "县商务局": P(r="1.30", yi=2, kaimen=1, zd=0, n=20, kg=15, trips=6, rt=3, fx=800000, b500=1, gx=1, late=0, miss=0, noq=[], hd="9.5", fw="9.5"),
    "县工信局": P(r="0.95", yi=2, kaimen=0, zd=0, n=17, kg=12, trips=5, rt=3, fx=0, b500=0, gx=2, late=0, miss=0, noq=[], hd="8.5", fw="9"),
    "县自然资源局": P(r="0.60", yi=1, kaimen=0, zd=0, n=14, kg=8, trips=3, rt=1, fx=0, b500=0, gx=0, late=1, miss=0, noq=[], hd="7", fw="8.5"),
    "县农业农村局": P(r="0.80", yi=1, kaimen=0, zd=0, n=16, kg=10, trips=4, rt=2, fx=0, b500=0, gx=0, late=1, miss=0, noq=[], hd="7.5", fw="8"),
    "县文广旅局": P(r="0.50", yi=1, kaimen=0, zd=0, n=14, kg=8, trips=4, rt=1, fx=0, b500=0, gx=0, late=0, miss=0, noq=[], hd="7", fw="8"),
    "县住建局": P(r="0.70", yi=1, kaimen=0, zd=0, n=15, kg=9, trips=4, rt=2, fx=0, b500=0, gx=0, late=2, miss=0, noq=[], hd="7", fw="7.5"),
    "县财政局": P(r="0.35", yi=0, kaimen=0, zd=0, n=12, kg=5, trips=2, rt=1, fx=0, b500=0, gx=0, late=1, miss=1, noq=[], hd="6", fw="7"),
}
TIE_A, TIE_B = "石门乡", "桃源乡"
# units kept out of shared-credit projects, so that their rates are exact and hand-computable
PROTECTED = {TIE_A, TIE_B, "县文广旅局", "柳溪乡", "黄龙乡", "云台乡", "杨柳乡", "县财政局", "城关镇"}

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------
PLACES = ["深圳", "东莞", "佛山", "宁波", "温州", "苏州", "无锡", "上海", "厦门", "泉州", "青岛", "杭州",
          "广州", "合肥", "长沙", "成都", "重庆", "郑州", "天津", "北京", "台州", "常州", "中山", "珠海"]
PLACES_PROV = {"深圳": "广东", "东莞": "广东", "佛山": "广东", "广州": "广东", "中山": "广东", "珠海": "广东",
               "宁波": "浙江", "温州": "浙江", "杭州": "浙江", "台州": "浙江", "苏州": "江苏", "无锡": "江苏",
               "常州": "江苏", "厦门": "福建", "泉州": "福建", "青岛": "山东", "合肥": "安徽", "长沙": "湖南",
               "成都": "四川", "郑州": "河南", "上海": "", "重庆": "", "天津": "", "北京": ""}
FOREIGN = ["香港", "新加坡", "台湾", "澳门", "韩国", "日本"]
FIRM_WORDS = ["恒达", "华瑞", "鑫源", "宏远", "天成", "金泰", "博锐", "中科", "瑞丰", "永兴", "嘉禾", "盛世",
              "东方", "海川", "润达", "立信", "佳美", "新宇", "汇通", "银河", "腾飞", "康达", "正邦", "远景",
              "万邦", "明阳", "凯盛", "安泰", "德润", "华骏"]
INDUSTRIES = {
    "装备制造": ["智能装备制造", "汽车零部件生产", "精密机械加工", "输变电设备制造"],
    "新材料": ["新型建材", "功能膜材料", "高性能复合材料", "环保涂料"],
    "电子信息": ["电子元器件", "智能终端组装", "LED照明", "线路板生产"],
    "农产品加工": ["茶叶精深加工", "粮油加工", "果蔬冷链仓储", "生猪屠宰及肉制品加工"],
    "文化旅游": ["乡村旅游综合开发", "康养小镇", "民宿集群", "花海观光旅游"],
    "现代物流": ["商贸物流园", "农产品冷链物流中心", "电商仓储分拨中心"],
    "纺织服装": ["针织服饰加工", "家纺生产", "功能性面料"],
    "新能源": ["光伏发电", "储能电池", "生物质发电"],
    "生物医药": ["中药材种植及饮片加工", "医疗器械生产", "保健食品"],
}
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("建国志强海军红梅丽华明伟文静秀英玉兰春燕晓东立新永刚德胜桂芳雪峰玉梅家辉国庆卫东振华俊杰思远宏伟")

used_names = set()


def person():
    while True:
        n = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        if n not in used_names:
            used_names.add(n)
            return n


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------
def wy(x):
    """万元 amount with at most 2 decimals, no trailing zeros."""
    x = D(x).quantize(D("0.01"))
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_date(d, style=None):
    if style is None:
        style = rng.choices(["iso", "slash", "cn"], weights=[70, 15, 15])[0]
    if style == "iso":
        return d.isoformat()
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


def rand_date_in_quarter(q, year=2021):
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year, 3 * q, 31 if q in (1, 4) else 30)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def rand_amount(lo, hi, step="0.01"):
    """uniform 万元 amount between lo and hi, rounded to a 'realistic' granularity."""
    v = D(rng.uniform(float(lo), float(hi)))
    gran = rng.choice([D(1), D(10), D(100), D("0.5"), D("0.01")])
    return max(D(lo), (v / gran).quantize(D(1), ROUND_DOWN) * gran)


# ---------------------------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------------------------
class Proj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def make_unit_projects(unit, prof, shared_sw):
    """Build the unit's own 2021 projects so its 省外到位资金 is r × target − shared_sw exactly."""
    T = target_wy(unit)
    S = (D(prof["r"]) * T).quantize(D("0.01"))
    fx_wy = D(prof["fx"]) * USD_RATE / 10000          # 万元, exact (fx is a multiple of 10000 USD)
    S_dom = S - fx_wy - shared_sw
    assert S_dom > 0, unit
    allowed_q = [q for q in (1, 2, 3, 4) if q not in prof["noq"]]
    projs = []
    n = prof["n"]
    # 亿元 projects: kaimen of them in Q1, the rest in allowed quarters other than Q1
    later_q = [q for q in allowed_q if q != 1] or allowed_q
    for i in range(prof["yi"]):
        q = 1 if i < prof["kaimen"] else rng.choice(later_q)
        if i < prof["zd"]:
            c = rand_amount(100000, 150000)
        else:
            c = rand_amount(10000, 45000)
        projs.append(Proj(kind="yi", q=q, contract=c, src="省外"))
    # one ≥5000万 (non-亿元) 达标 project for every allowed quarter, so no unexpected deduction
    for q in allowed_q:
        projs.append(Proj(kind="db", q=q, contract=rand_amount(5000, 9500), src="省外"))
    # foreign projects
    fx_left = prof["fx"]
    fx_parts = []
    if fx_left:
        k = 2 if fx_left >= 600000 else 1
        first = (fx_left // 10000 * rng.randint(40, 60) // 100) * 10000 if k == 2 else fx_left
        fx_parts = [first] + ([fx_left - first] if k == 2 else [])
    for usd in fx_parts:
        q = rng.choice(allowed_q)
        c = (D(usd) * USD_RATE / 10000 * D(rng.choice(["1.5", "2", "2.5", "3"]))).quantize(D("0.01"))
        c = min(c, D("4900"))
        projs.append(Proj(kind="fx", q=q, contract=c, src="境外", usd=usd))
    # ordinary projects up to n
    while len(projs) < n:
        q = rng.choice([1, 2, 3, 4])
        if q in prof["noq"]:
            c = rand_amount(300, 1900)
        else:
            c = rand_amount(300, rng.choice([3000, 4900, 9500]))
        src = rng.choices(["省外", "省内", "县内"], weights=[50, 30, 20])[0]
        projs.append(Proj(kind="ord", q=q, contract=c, src=src))
    # quarter-less-达标 rule: in a noq quarter a project must have contract < 5000万 and 到位 < 2000万
    # 到位资金 for non-省外 projects
    for p in projs:
        p.usd = getattr(p, "usd", None)
        if p.src == "境外":
            p.dw = D(0)
        elif p.src != "省外":
            frac = D(rng.randint(10, 70)) / 100
            p.dw = (p.contract * frac).quantize(D("0.01"))
            if p.q in prof["noq"]:
                p.dw = min(p.dw, D("1900"))
    # 省外: water-fill S_dom over the 省外 projects, each at most cap_frac × contract
    sw = [p for p in projs if p.src == "省外"]
    for p in sw:
        p.capfrac = D(rng.randint(55, 95)) / 100
        if p.q in prof["noq"]:
            p.capfrac = min(p.capfrac, (D("1900") / p.contract).quantize(D("0.0001"), ROUND_DOWN))
        p.w = D(rng.uniform(0.3, 1.0)) * p.contract
    while sum(p.contract * p.capfrac for p in sw) < S_dom * D("1.05"):
        # not enough room: enlarge the largest-capacity free project (亿元 ones, or add room)
        big = [p for p in sw if p.kind == "yi"] or [p for p in sw if p.q not in prof["noq"]]
        p = rng.choice(big)
        limit = D(99000) if p.kind == "yi" else D(9900)
        if p.contract >= limit:
            q = rng.choice(allowed_q)
            extra = Proj(kind="db", q=q, contract=rand_amount(5000, 9500), src="省外", usd=None,
                         capfrac=D("0.9"), w=D(1))
            projs.append(extra)
            sw.append(extra)
            continue
        p.contract = min(limit, (p.contract * D("1.3")).quantize(D("0.01")))
    # allocate
    left = S_dom
    free = list(sw)
    alloc = {id(p): D(0) for p in sw}
    while free:
        wsum = sum(p.w for p in free)
        capped = []
        for p in free:
            share = left * p.w / wsum
            room = p.contract * p.capfrac
            if share > room:
                capped.append(p)
        if not capped:
            break
        for p in capped:
            alloc[id(p)] = (p.contract * p.capfrac).quantize(D("0.01"), ROUND_DOWN)
            left -= alloc[id(p)]
            free.remove(p)
    wsum = sum(p.w for p in free)
    acc = D(0)
    for i, p in enumerate(free):
        if i == len(free) - 1:
            alloc[id(p)] = left - acc
        else:
            a = (left * p.w / wsum).quantize(D("0.01"), ROUND_DOWN)
            alloc[id(p)] = a
            acc += a
    for p in sw:
        p.dw = alloc[id(p)]
        assert p.dw >= 0 and p.dw <= p.contract, (unit, p.dw, p.contract)
    assert sum(p.dw for p in sw) == S_dom, unit
    assert all(p.dw == p.dw.quantize(D("0.01")) for p in sw), unit
    # a non-亿元 project that got contract ≥ 1亿 would change the 亿元 count
    for p in projs:
        if p.kind != "yi":
            assert p.contract < 10000, (unit, p.kind, p.contract)
        if p.q in prof["noq"]:
            assert p.contract < 5000 and p.dw < 2000, (unit, p.contract, p.dw)
    return projs


def assign_attributes(unit, prof, projs):
    """dates, start dates, 入统, tags, names — all shaped by the profile."""
    for p in projs:
        p.sign = rand_date_in_quarter(p.q)
        p.units = unit
    # started: kg projects, preferring the big ones; a start date ≤ 2021-12-31.
    order = sorted(projs, key=lambda p: (-(p.kind == "yi"), -p.contract, p.sign))
    started = set(id(p) for p in order[:prof["kg"]])
    for p in projs:
        if id(p) in started:
            latest = dt.date(2021, 12, 31)
            gap = rng.randint(10, 120)
            d = p.sign + dt.timedelta(days=gap)
            if d > latest:
                # signed late in the year: move the signing date back so the start fits
                p.sign = min(p.sign, latest - dt.timedelta(days=20))
                d = p.sign + dt.timedelta(days=rng.randint(5, 19))
            p.start = d
        else:
            # not started, or started only in 2022 (does not count as 已开工 at 2021-12-31)
            p.start = None
            if p.sign.month >= 11 and rng.random() < 0.5:
                p.start = dt.date(2022, 1, rng.randint(5, 28))
        # keep the quarter of the signing date (moving it back never leaves Q4 here except Dec→Dec)
        assert (p.sign.month - 1) // 3 + 1 == p.q, (unit, p.sign, p.q)
    # 入统: rt projects, preferring started ones
    cand = sorted(projs, key=lambda p: (p.start is None or p.start.year > 2021, -p.contract))
    rt = set(id(p) for p in cand[:prof["rt"]])
    for p in projs:
        p.rutong = id(p) in rt
    # tags
    for p in projs:
        p.tags = []
    big = sorted(projs, key=lambda p: -p.contract)
    for p in big[:prof["b500"]]:
        p.tags.append("世界500强")
    gx_cand = [p for p in projs if "世界500强" not in p.tags]
    rng.shuffle(gx_cand)
    for p in gx_cand[:prof["gx"]]:
        p.tags.append("高新技术")
    for p in projs:
        if rng.random() < 0.08:
            p.tags.append(rng.choice(["中国500强", "总部经济", "专精特新", "民营500强"]))
        rng.shuffle(p.tags)


INDUSTRY_TAIL = {"装备制造": ["机械有限公司", "装备制造有限公司", "实业有限公司"],
                 "新材料": ["新材料有限公司", "科技有限公司", "建材有限公司"],
                 "电子信息": ["电子有限公司", "科技有限公司", "光电有限公司"],
                 "农产品加工": ["农业开发有限公司", "食品有限公司", "茶业有限公司"],
                 "文化旅游": ["文化旅游发展有限公司", "旅游开发有限公司", "投资有限公司"],
                 "现代物流": ["物流有限公司", "供应链管理有限公司", "集团有限公司"],
                 "纺织服装": ["纺织有限公司", "服饰有限公司", "实业有限公司"],
                 "新能源": ["新能源有限公司", "电力投资有限公司", "科技有限公司"],
                 "生物医药": ["生物科技有限公司", "医疗器械有限公司", "药业有限公司"]}


def fill_names(p, industry=None):
    ind = industry or rng.choice(list(INDUSTRIES))
    p.industry = ind
    f = rng.choice(FIRM_WORDS) + rng.choice(INDUSTRY_TAIL[ind])
    city = rng.choice(FOREIGN) if p.src == "境外" else rng.choice(PLACES)
    p.investor = city + f
    p.name = f"{city}{f[:2]}{rng.choice(INDUSTRIES[ind])}项目"
    p.record = None
    if rng.random() < 0.6:
        p.record = (p.contract * D(rng.randint(80, 100)) / 100).quantize(D("0.01"))


def clone_projects(projs, new_unit):
    out = []
    for p in projs:
        q = Proj(**dict(p.__dict__))
        q.units = new_unit
        q.tags = list(p.tags)
        out.append(q)
    return out


def build_projects():
    units_all = [u for u, _, _ in UNITS]
    shareable = [u for u in units_all if u not in PROTECTED]
    # --- shared-credit projects (≈3%): 14 with explicit shares, 4 equal splits ------------
    shared = []
    pairs_pct = []
    for _ in range(14):
        a, b = rng.sample(shareable, 2)
        pct = rng.choice([60, 70, 50, 80])
        pairs_pct.append(((a, pct), (b, 100 - pct)))
    for _ in range(4):
        a, b = rng.sample(shareable, 2)
        pairs_pct.append(((a, None), (b, None)))
    for i, (x, y) in enumerate(pairs_pct):
        q = rng.choice([1, 2, 3, 4])
        if i == 0:   # one shared 亿元 project, county department + township, signed in Q2
            x, y = ("县商务局", 40), ("河西镇", 60)
            c = D("16800")
            q = 2
        else:
            c = rand_amount(800, 9000)
        src = rng.choices(["省外", "省内", "县内"], weights=[60, 25, 15])[0]
        # shared 到位资金 in multiples of 0.1万 (1000 元), so every share of it is a whole 0.01万 and
        # every unit's 省外到位资金 stays exactly r × target
        dw = (c * D(rng.randint(20, 80)) / 100).quantize(D("0.1"), ROUND_DOWN)
        if x[1] is None:
            sep = rng.choice([",", "、"])
            units_txt = f"{x[0]}{sep}{y[0]}"
            shares = {x[0]: D("0.5"), y[0]: D("0.5")}
        else:
            units_txt = f"{x[0]} {x[1]}%、{y[0]} {y[1]}%"
            shares = {x[0]: D(x[1]) / 100, y[0]: D(y[1]) / 100}
        p = Proj(kind="shared", q=q, contract=c, src=src, usd=None, dw=dw, units=units_txt,
                 shares=shares, sign=rand_date_in_quarter(q))
        p.start = p.sign + dt.timedelta(days=rng.randint(15, 90)) if rng.random() < 0.7 else None
        if p.start and p.start.year > 2021:
            p.start = None
        p.rutong = rng.random() < 0.3
        p.tags = []
        shared.append(p)
    shared_sw = {u: D(0) for u in units_all}
    for p in shared:
        if p.src == "省外":
            for u, s in p.shares.items():
                # keep the shared part well under the unit's own 省外 amount
                room = D(PROFILES[u]["r"]) * target_wy(u) * D("0.3") - shared_sw[u]
                if p.dw * s > room:
                    p.dw = max(D(0), (room / s).quantize(D("0.1"), ROUND_DOWN))
            for u, s in p.shares.items():
                shared_sw[u] += p.dw * s
    # --- each unit's own projects ---------------------------------------------------------
    own = {}
    for u in units_all:
        if u == TIE_B:
            continue
        prof = PROFILES[u]
        projs = make_unit_projects(u, prof, shared_sw[u])
        assign_attributes(u, prof, projs)
        own[u] = projs
    own[TIE_B] = clone_projects(own[TIE_A], TIE_B)
    # --- last year's projects (signed in 2020, excluded by `本年签约`) ----------------------
    old = []
    for i in range(10):
        u = rng.choice(units_all)
        d = dt.date(2020, rng.randint(9, 12), rng.randint(1, 28))
        c = D("23000") if i == 0 else rand_amount(800, 9000)
        p = Proj(kind="old", q=0, contract=c, src=rng.choice(["省外", "省外", "省内"]), usd=None,
                 dw=(c * D(rng.randint(30, 80)) / 100).quantize(D("0.01")), units=u, sign=d,
                 start=d + dt.timedelta(days=rng.randint(20, 150)), rutong=True, tags=[])
        if i == 1:
            p.tags = ["世界500强"]
        old.append(p)
    # --- names, keys ----------------------------------------------------------------------
    allp = [p for u in units_all for p in own[u]] + shared
    for p in allp + old:
        fill_names(p)
    # the project named in 河西镇's appeal (adjustments.csv): its largest project under 1亿
    hx = max((p for p in own["河西镇"] if p.kind != "yi"), key=lambda p: p.contract)
    hx.name, hx.investor, hx.industry = "宁波华瑞智能装备制造项目", "宁波华瑞科技有限公司", "装备制造"
    # the tie twin gets its own names / investors, with the same numbers
    for a, b in zip(own[TIE_A], own[TIE_B]):
        fill_names(b, industry=a.industry)
        b.record = a.record
    allp.sort(key=lambda p: (p.sign, p.units, p.contract))
    for i, p in enumerate(allp, 1):
        p.key = f"P2021-{i:04d}"
    old.sort(key=lambda p: p.sign)
    for i, p in enumerate(old, 1):
        p.key = f"P2020-{400 + i * 7:04d}"
    return old + allp


def write_projects(projects):
    header = ["项目编号", "项目名称", "责任单位", "产业类别", "投资方", "签约日期", "开工日期", "合同投资额",
              "备案投资额", "到位资金", "外资到位", "资金来源", "入统", "标签"]
    rows = []
    for p in projects:
        rows.append([p.key, p.name, p.units, p.industry, p.investor, fmt_date(p.sign),
                     fmt_date(p.start) if p.start else "", wy(p.contract),
                     wy(p.record) if p.record is not None else "", wy(p.dw),
                     str(p.usd) if p.usd else "", p.src, "是" if p.rutong else "否", "、".join(p.tags)])
    write_csv("projects.csv", header, rows, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Trips
# ---------------------------------------------------------------------------------------------
MAIN_ROLE = {"一类乡镇": ["党委书记", "镇长"], "二类乡镇": ["党委书记", "乡长"], "县直单位": ["局长", "党组书记"]}
DEPUTY_ROLE = {"一类乡镇": ["副镇长", "人大主席", "党委副书记"], "二类乡镇": ["副乡长", "人大主席", "党委副书记"],
               "县直单位": ["副局长", "分管副局长"]}


def trip_rows_for(unit, prof, leaders):
    g = GROUP[unit]
    rows = []

    def one(role, firms, when=None):
        d = when or (YEAR_START + dt.timedelta(days=rng.randrange(360)))
        back = d + dt.timedelta(days=rng.randint(2, 5))
        city = rng.choice(PLACES)
        dest = (PLACES_PROV[city] + city) if PLACES_PROV[city] else city
        name = leaders.get(role) or leaders.setdefault(role, person())
        note = rng.choice(["", "", "拜访在外乡贤", "参加投资推介会", "回访签约企业", "对接产业链龙头"])
        return [d, back if rng.random() < 0.85 else None, name, role, dest, firms, note]

    for i in range(prof["trips"]):
        rows.append(one(MAIN_ROLE[g][i % 2], rng.randint(1, 6)))
    for _ in range(rng.randint(0, 1)):            # main leader, no enterprise met: not counted
        rows.append(one(MAIN_ROLE[g][0], 0))
    for _ in range(rng.randint(1, 3)):            # deputies: not counted
        rows.append(one(rng.choice(DEPUTY_ROLE[g]), rng.randint(0, 4)))
    return rows


def build_trips():
    out = []
    leaders = {}
    for u, g, _ in UNITS:
        if u == TIE_B:
            continue
        leaders[u] = {}
        out += [[u] + r for r in trip_rows_for(u, PROFILES[u], leaders[u])]
    # the tie twin: same dates / roles / counts, other leaders' names
    twin_leaders = {}
    for r in [r for r in out if r[0] == TIE_A]:
        role = r[4]
        name = twin_leaders.setdefault(role, person())
        out.append([TIE_B, r[1], r[2], name] + r[4:])
    # a December 2020 trip, outside the period
    out.append(["龙泉镇", dt.date(2020, 12, 16), dt.date(2020, 12, 19), leaders["龙泉镇"].get("党委书记") or person(),
                "党委书记", "广东深圳", 3, "上年度外出，不计入本年度"])
    out.sort(key=lambda r: (r[1], r[0]))
    header = ["编号", "单位", "出发日期", "返回日期", "带队领导", "职务", "目的地", "对接企业数", "备注"]
    rows = []
    for i, r in enumerate(out, 1):
        u, d, back, name, role, dest, firms, note = r
        rows.append([f"WC{d.year}{i:04d}", u, fmt_date(d), fmt_date(back) if back else "", name, role, dest,
                     str(firms), note])
    write_csv("trips.csv", header, rows, encoding="gb18030")
    return out


# ---------------------------------------------------------------------------------------------
# Reports (XLSX)
# ---------------------------------------------------------------------------------------------
def build_reports():
    rows = []
    late_months = {}
    for u, g, _ in UNITS:
        src = TIE_A if u == TIE_B else u
        if src not in late_months:
            prof = PROFILES[src]
            months = list(range(1, 13))
            rng.shuffle(months)
            late = set(months[:prof["late"]])
            miss = set(months[prof["late"]:prof["late"] + prof["miss"]])
            days = {m: rng.randint(0, 6) for m in range(1, 13)}
            lates = {m: rng.randint(1, 7) for m in range(1, 13)}
            late_months[src] = (late, miss, days, lates)
        late, miss, days, lates = late_months[src]
        clerk = person()
        for m in range(1, 13):
            due = dt.date(2021, m, 25)
            if m in miss:
                sent = None
            elif m in late:
                sent = due + dt.timedelta(days=lates[m])
            else:
                sent = due - dt.timedelta(days=days[m])
            rows.append([u, f"2021年{m}月", due, sent, clerk if sent else None])
    return rows


def write_reports_xlsx(rows):
    import openpyxl
    from openpyxl.styles import Font, Alignment
    wb = openpyxl.Workbook()
    # a first sheet the scheme does not read (as real workbooks have)
    ws0 = wb.active
    ws0.title = "填表说明"
    ws0["A1"] = "青岚县招商引资月度报表报送登记"
    ws0["A2"] = "各单位于每月25日前报送当月招商引资报表及在谈项目明细表；报送日期为空表示未报送。"
    ws = wb.create_sheet("月报报送登记")
    ws.append(["单位", "月份", "截止日期", "报送日期", "报送人"])
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(horizontal="center")
    text_dates = 0
    for u, month, due, sent, clerk in rows:
        # two cells typed by hand as text, as happens in real registers
        if sent is not None and text_dates < 2 and u in ("新桥镇", "县农业农村局") and month == "2021年3月":
            sent_cell = f"{sent.year}年{sent.month}月{sent.day}日"
            text_dates += 1
        else:
            sent_cell = sent
        ws.append([u, month, due, sent_cell, clerk])
    for row in ws.iter_rows(min_row=2):
        for c in row[2:4]:
            if isinstance(c.value, (dt.date, dt.datetime)):
                c.number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 12
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 14
    fixed = dt.datetime(2022, 1, 10, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "青岚县招商服务中心"
    wb.properties.lastModifiedBy = "青岚县招商服务中心"
    buf = io.BytesIO()
    wb.save(buf)
    # re-zip with fixed timestamps so the file is byte-identical run to run
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":   # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2022-01-10T09:00:00Z\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 10, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    with open(os.path.join(HERE, "reports.xlsx"), "wb") as f:
        f.write(out.getvalue())


# ---------------------------------------------------------------------------------------------
# Deposits, incidents, targets, adjustments, units
# ---------------------------------------------------------------------------------------------
def build_deposits():
    rows = []
    for u, g, _ in UNITS:
        if g == "县直单位":
            roles = [("局长", 5000), ("分管副局长", 3000)]
        else:
            roles = [("党委书记", 5000), ("镇长" if g == "一类乡镇" else "乡长", 5000), ("分管领导", 3000),
                     ("招商办主任", 2000)]
        day = rng.randint(8, 26) if u != TIE_B else None
        for role, amt in roles:
            rows.append([u, person(), role, str(amt), day])
    # the tie twin pays on the same day as its twin
    tie_day = next(r[4] for r in rows if r[0] == TIE_A)
    out = []
    for u, name, role, amt, day in rows:
        d = dt.date(2021, 3, tie_day if u in (TIE_A, TIE_B) else day)
        out.append([u, name, role, amt, d.isoformat()])
    write_csv("deposits.csv", ["单位", "姓名", "职务", "金额", "缴纳日期"], out, encoding="utf-8-sig")
    return out


INCIDENTS = [
    ["AQ2020-014", "龙泉镇", "2020-12-03", "安全生产", "一般", "1", "辖区某砖厂机械伤害事故（上年度，不计入本年度考核）"],
    ["TJ2021-001", "河口镇", "2021年10月12日", "数据造假", "严重", "0",
     "经县统计局核查，虚报“河口镇新型建材产业园项目”到位资金3200万元，属实"],
    ["AQ2021-003", "白沙镇", "2021/5/19", "安全生产", "一般", "0", "辖区企业仓库火灾，无人员伤亡，直接经济损失约12万元"],
    ["AQ2021-007", "双河乡", "2021-07-08", "安全生产", "一般", "1", "辖区在建项目工地高处坠落事故，死亡1人"],
    ["JW2021-002", "县自然资源局", "2021-06-21", "作风问题", "一般", "0", "县纪委通报：项目用地审批超时限办理（不属本办法扣分事项）"],
]


def build_incidents():
    write_csv("incidents.csv", ["编号", "单位", "发生日期", "类型", "等级", "死亡人数", "说明"], INCIDENTS,
              encoding="utf-8")


def build_targets():
    write_csv("targets.csv", ["单位", "指标", "目标"], [list(r) for r in TARGET_ROWS], encoding="utf-8")


def build_adjustments():
    rows = []
    for u, g, _ in UNITS:
        prof = PROFILES[TIE_A if u == TIE_B else u]
        if u == "城关镇":
            rows.append([u, "招商活动", "9.5", "举办春季招商推介会1次、参加县级招商活动6次，在谈项目跟踪到位", "县考核委员会"])
            rows.append([u, "招商活动", "1", "承办全县“迎老乡、回故乡、建家乡”招商座谈会，经县考核委员会研究加1分（本项最高10分）", "县考核委员会"])
        else:
            rows.append([u, "招商活动", prof["hd"], rng.choice([
                "参加县级招商活动，在谈项目跟踪情况较好", "组织招商推介活动，客商接待记录完整",
                "在谈项目明细表更新及时，活动组织一般", "招商活动开展较少，在谈项目跟踪不够"]), "县考核委员会"])
    for u, g, _ in UNITS:
        if g == "县直单位":
            rows.append([u, "服务保障", PROFILES[u]["fw"], rng.choice([
                "要素保障有力，审批服务及时", "项目落地协调较好", "审批服务时限有待压缩"]), "县考核委员会"])
    rows.append(["河西镇", "亿元项目", "10",
                 "申诉更正：河西镇“宁波华瑞智能装备制造项目”合同投资额经复核为1.05亿元，补计亿元项目1个，本项由5分调整为15分",
                 "县招商引资工作领导小组"])
    write_csv("adjustments.csv", ["单位", "指标", "分数", "理由", "批准人"], rows, encoding="utf-8")


def build_units():
    rows = []
    for i, (u, g, t) in enumerate(UNITS, 1):
        rows.append([str(i), u, g, t, TEAM_LEADERS[t]])
    rows.sort(key=lambda r: (GROUP_ORDER.index(r[2]), int(r[0])))
    rows = [[str(i)] + r[1:] for i, r in enumerate(rows, 1)]
    write_csv("units.csv", ["序号", "单位", "类别", "分团", "分团团长"], rows, encoding="utf-8")


def write_csv(name, header, rows, encoding):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def main():
    build_units()
    projects = build_projects()
    write_projects(projects)
    build_trips()
    write_reports_xlsx(build_reports())
    build_deposits()
    build_incidents()
    build_targets()
    build_adjustments()
    print(f"projects: {len(projects)}")


if __name__ == "__main__":
    main()

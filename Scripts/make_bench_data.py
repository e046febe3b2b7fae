#!/usr/bin/env python3
"""Generates a synthetic ledger for timing `kaohe score` at scale (issue 3's figure).

Usage: python3 Scripts/make_bench_data.py OUT_DIR --units 2000 --projects-per-unit 100 [--seed 1]
Writes OUT_DIR/scheme.yaml (the SPEC §2 example scheme, data in the same folder) and its CSVs.
Deterministic for a given seed. (The province-scale generator of issue 7 will replace this.)
"""
import argparse, os, random

SCHEME = """scheme:
  name: 基准测试考核
  year: 2021
  period: 2021-01-01 .. 2021-12-31
  money: 万元
  round: 2
  rates: {美元: 6.45}
tables:
  引荐奖励费率: [[0, 3‰], [1000万, 4‰], [1亿, 5‰]]
data:
  dir: .
  projects:
    file: projects.csv
    key: 项目编号
    unit: 责任单位
    date: 签约日期
    columns: {项目编号: text, 责任单位: unit, 签约日期: date, 开工日期: date?, 合同投资额: 万元, 到位资金: 万元, 外资到位: 美元?, 资金来源: text, 标签: list}
  trips:
    file: trips.csv
    unit: 单位
    date: 出发日期
    columns: {单位: unit, 出发日期: date, 职务: text, 对接企业数: number}
  incidents:
    file: incidents.csv
    columns: {单位: unit, 类型: text}
units: {file: units.csv, name: 单位, group: 类别, team: 分团}
groups:
  一类乡镇: {targets: {省外到位资金: 5亿, 亿元项目: 3}}
  二类乡镇: {targets: {省外到位资金: 3亿, 亿元项目: 2}}
  三类乡镇: {targets: {省外到位资金: 1亿, 亿元项目: 1}}
indicators:
  省外到位资金:
    from: projects
    where: 资金来源 in ['省外', '境外'] and 签约日期 in period
    sum: 到位资金 + default(外资到位, 0)
    points: 40
    score: proportional
    cap: 120%
    floor: 50%
  亿元项目:
    from: projects
    where: 合同投资额 >= 1亿
    count: true
    points: 20
    score: {steps: [[33%, 6], [66%, 12], [100%, 20]]}
  签约项目: {from: projects, count: true}
  开工项目: {from: projects, where: 开工日期 != none, count: true}
  开工率:
    value: 开工项目 / max(签约项目, 1)
    target: 80%
    points: 20
    score: {linear: [[50%, 0], [100%, 20]]}
  主要领导外出招商:
    from: trips
    where: 职务 in ['书记', '镇长'] and 对接企业数 >= 1
    count: true
    points: 20
    score: {each: 2, max: 20}
bonuses:
  世界500强项目: {from: projects, where: 标签 contains '世界500强', count: true, score: {each: 3}}
vetoes:
  数据造假: {from: incidents, where: 类型 == '数据造假', count: true}
total: {bonus_cap: 10}
grades:
  - {grade: 优秀, when: total >= 90}
  - {grade: 良好, when: total >= 80}
  - {grade: 合格, when: total >= 60}
  - {grade: 不合格}
ranking: {within: group, by: [total desc, 省外到位资金.rate desc], ties: shared}
teams: {score: average}
"""

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--projects-per-unit", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "scheme.yaml"), "w", encoding="utf-8") as f:
        f.write(SCHEME)
    names = [f"第{i:05d}镇" for i in range(a.units)]
    groups = ["一类乡镇", "二类乡镇", "三类乡镇"]
    with open(os.path.join(a.out, "units.csv"), "w", encoding="utf-8") as f:
        f.write("单位,类别,分团\n")
        for i, n in enumerate(names):
            f.write(f"{n},{groups[i % 3]},第{i // 10 + 1}分团\n")
    with open(os.path.join(a.out, "projects.csv"), "w", encoding="utf-8") as f:
        f.write("项目编号,责任单位,签约日期,开工日期,合同投资额,到位资金,外资到位,资金来源,标签\n")
        k = 0
        for i, n in enumerate(names):
            for j in range(a.projects_per_unit):
                k += 1
                unit = n
                if rnd.random() < 0.02:
                    other = names[rnd.randrange(a.units)]
                    if other != n:
                        unit = f'"{n} 60%、{other} 40%"'
                m, d = rnd.randint(1, 12), rnd.randint(1, 28)
                start = f"2021-{min(12, m + 1):02d}-{d:02d}" if rnd.random() < 0.7 else ""
                contract = round(rnd.uniform(100, 20000), 2)
                arrived = round(contract * rnd.uniform(0, 0.9), 2)
                foreign = str(rnd.randint(1000, 900000)) if rnd.random() < 0.05 else ""
                src = rnd.choice(["省外", "省外", "境外", "省内", "县内"])
                tag = "世界500强" if rnd.random() < 0.01 else ("高新技术" if rnd.random() < 0.1 else "")
                f.write(f"P{k:08d},{unit},2021-{m:02d}-{d:02d},{start},{contract},{arrived},{foreign},{src},{tag}\n")
    with open(os.path.join(a.out, "trips.csv"), "w", encoding="utf-8") as f:
        f.write("单位,出发日期,职务,对接企业数\n")
        for n in names:
            for _ in range(rnd.randint(0, 12)):
                f.write(f"{n},2021-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d},{rnd.choice(['书记', '镇长', '副镇长'])},{rnd.randint(0, 5)}\n")
    with open(os.path.join(a.out, "incidents.csv"), "w", encoding="utf-8") as f:
        f.write("单位,类型\n")
        for n in names:
            if rnd.random() < 0.005:
                f.write(f"{n},数据造假\n")

if __name__ == "__main__":
    main()

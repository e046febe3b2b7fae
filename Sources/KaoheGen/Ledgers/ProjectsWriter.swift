import Foundation

/// Writes projects.csv: ≈ M projects per unit, shaped by the unit's profile.
///
/// For each unit: this year's projects signed across the quarters (none in a quiet quarter),
/// ≈2% signed in late 2020 (left out by `本年签约`); the planned number of 亿元 projects; and
/// 到位资金 of the 省外/境外 projects spread over them so that they add up to the planned
/// completion rate × target (境外 money as 外资到位 in 美元). ≈2% of a unit's projects are shared
/// with one or two other townships of its county (`甲镇 60%、乙镇 40%`, `甲镇、乙镇`,
/// `甲镇 50%、乙镇 30%、丙镇 20%`). Every quarter with signings has a 达标 project (≥ 5000万),
/// except in about half of the weak units, so quarterly deposit deductions stay the exception.
struct ProjectsWriter {
    static let header = ["项目编号", "项目名称", "责任单位", "产业类别", "签约日期", "开工日期", "合同投资额",
                         "备案投资额", "到位资金", "外资到位", "资金来源", "入统", "标签"]

    enum Source: UInt8 { case outside = 0, abroad, inside, county }

    struct Project {
        var sign = 0
        var start = -1
        var contract = 0      // hundredths of 万元
        var record = -1
        var funds = 0
        var usd = -1
        var source = Source.outside
        var current = true
        var big = false
        var registered = false
        var world500 = false
        var highTech = false
        var otherTag = -1
        var partners: (Int32, Int32) = (-1, -1)
        /// 0 own; 1 two units with percentages; 2 two units, equal; 3 three units with percentages.
        var split: UInt8 = 0
        var splitPattern: UInt8 = 0
    }

    static let twoWay: [(Int, Int)] = [(60, 40), (70, 30), (50, 50), (80, 20), (55, 45)]

    let plan: ProvincePlan
    let projectsPerUnit: Int

    func write(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "projects.csv", header: ProjectsWriter.header)
        let cal = GenCalendar.shared
        let yearEnd = cal.index(2021, 12, 31)
        var serial = 0
        var projects: [Project] = []
        var order: [Int] = []
        projects.reserveCapacity(projectsPerUnit * 2 + 8)
        for i in plan.units.indices {
            let unit = plan.units[i]
            let profile = UnitProfile(unit, seed: plan.seed)
            var g = RandomStream(seed: plan.seed, unit: unit.source, stream: 1)
            var c = RandomStream(seed: plan.seed, unit: i, stream: 11)
            shape(unit: i, profile: profile, &g, &projects, yearEnd: yearEnd)
            order.removeAll(keepingCapacity: true)
            order.append(contentsOf: projects.indices)
            order.sort { projects[$0].sign != projects[$1].sign ? projects[$0].sign < projects[$1].sign : $0 < $1 }
            for k in order {
                serial += 1
                try writeRow(projects[k], unit: i, serial: serial, &c, &out)
            }
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }

    /// Builds the numbers of unit `i`'s projects (from the numbers stream `g` only).
    func shape(unit i: Int, profile p: UnitProfile, _ g: inout RandomStream, _ projects: inout [Project], yearEnd: Int) {
        let cal = GenCalendar.shared
        let unit = plan.units[i]
        projects.removeAll(keepingCapacity: true)
        let m = projectsPerUnit
        let n = m <= 0 ? 0 : max(1, (m * g.int(70, 130) + 50) / 100)
        // Dates and sources.
        for _ in 0..<n {
            var pr = Project()
            if g.chance(0.02) {
                pr.current = false
                pr.sign = g.int(cal.index(2020, 10, 1), cal.index(2020, 12, 31))
            } else {
                var q = g.int(1, 4)
                if q == p.quietQuarter { q = q % 4 + 1 }
                let r = cal.quarter(q, of: 2021)
                pr.sign = g.int(r.first, r.last)
            }
            let s = g.below(100)
            pr.source = s < 55 ? .outside : (s < 60 ? .abroad : (s < 85 ? .inside : .county))
            projects.append(pr)
        }
        // 亿元 projects: among this year's 省外/境外 ones first, then any of this year's.
        var bigLeft = p.big
        for pass in 0..<2 where bigLeft > 0 {
            for k in projects.indices where bigLeft > 0 {
                let pr = projects[k]
                guard pr.current, !pr.big else { continue }
                if pass == 0 && !(pr.source == .outside || pr.source == .abroad) { continue }
                projects[k].big = true
                bigLeft -= 1
            }
        }
        // Contracts. `planned` is the 省外到位资金 to spread, in hundredths of 万元.
        let planned = unit.fundsTarget * p.fundsPct / 100
        var kOutside = 0
        for pr in projects where pr.current && (pr.source == .outside || pr.source == .abroad) { kOutside += 1 }
        let mean = min(600_000, max(20_000, 3 * planned / max(kOutside, 1)))
        var hugeLeft = p.huge
        for k in projects.indices {
            var v: Int
            if projects[k].big {
                if hugeLeft > 0 {
                    hugeLeft -= 1
                    v = g.int(100_000, 150_000) * 100
                } else {
                    v = g.int(10_000, 40_000) * 100
                }
            } else {
                v = min(999_000, max(3_000, mean * g.int(20, 180) / 100))
            }
            let grain = ProjectsWriter.grain(&g)
            v = max(grain, v / grain * grain)
            if projects[k].big { v = max(v, 1_000_000) }
            projects[k].contract = v
        }
        // A 达标 project (合同投资额 ≥ 5000万) in every quarter with signings, so that the quarterly
        // deposit deduction falls only on quiet quarters and on about half of the weak units.
        if !(p.kind == .weak && g.chance(0.5)) {
            for q in 1...4 where q != p.quietQuarter {
                let r = cal.quarter(q, of: 2021)
                var firstInQuarter = -1, qualifies = false
                for k in projects.indices where projects[k].current && projects[k].sign >= r.first && projects[k].sign <= r.last {
                    if firstInQuarter < 0 { firstInQuarter = k }
                    if projects[k].contract >= 500_000 { qualifies = true; break }
                }
                if !qualifies && firstInQuarter >= 0 {
                    projects[firstInQuarter].contract = g.int(5_000, 9_500) * 100
                }
            }
        }
        // 到位资金 of this year's 省外/境外 projects: weights contract × 30–90%, scaled to `planned`.
        var weights = 0
        var w: [Int] = Array(repeating: 0, count: projects.count)
        for k in projects.indices where projects[k].current && (projects[k].source == .outside || projects[k].source == .abroad) {
            w[k] = projects[k].contract * g.int(30, 90)
            weights += w[k]
        }
        var spread = 0
        if weights > 0 {
            for k in projects.indices where w[k] > 0 {
                let a = min(projects[k].contract, Int((Int128(planned) * Int128(w[k])) / Int128(weights)))
                projects[k].funds = a
                spread += a
            }
            var left = planned - spread
            for k in projects.indices where w[k] > 0 && left > 0 {
                let add = min(left, projects[k].contract - projects[k].funds)
                projects[k].funds += add
                left -= add
            }
        }
        for k in projects.indices {
            if w[k] > 0 {
                if projects[k].source == .abroad {
                    // 外资到位 in 美元 (1 美元 = 6.45 元); no domestic 到位资金.
                    projects[k].usd = projects[k].funds * 10_000 / 645
                    projects[k].funds = 0
                }
            } else {
                projects[k].funds = projects[k].contract * g.int(projects[k].current ? 10 : 30, projects[k].current ? 70 : 80) / 100
            }
            if g.chance(0.6) { projects[k].record = projects[k].contract * g.int(80, 100) / 100 }
        }
        // Starts.
        for k in projects.indices {
            let sign = projects[k].sign
            if !projects[k].current {
                projects[k].start = sign + g.int(20, 150)
            } else if g.below(100) < p.startedPct {
                let s = sign + g.int(10, 90)
                projects[k].start = s <= yearEnd || g.chance(0.5) ? s : -1
            } else if cal.month[sign] >= 11 && g.chance(0.3) {
                projects[k].start = cal.index(2022, 1, g.int(5, 28))
            }
        }
        // 入统: an exact number among this year's projects started this year (selection sampling).
        var candidates = 0
        for pr in projects where pr.current && pr.start >= 0 && pr.start <= yearEnd { candidates += 1 }
        var need = min(p.registered, candidates)
        for k in projects.indices {
            let pr = projects[k]
            if !pr.current { projects[k].registered = true; continue }
            guard pr.start >= 0 && pr.start <= yearEnd else { continue }
            if g.below(candidates) < need { projects[k].registered = true; need -= 1 }
            candidates -= 1
        }
        // Tags.
        var w500 = p.world500
        for k in projects.indices where w500 > 0 && projects[k].big { projects[k].world500 = true; w500 -= 1 }
        for k in projects.indices where w500 > 0 && projects[k].current && !projects[k].world500 {
            projects[k].world500 = true; w500 -= 1
        }
        var currentCount = 0
        for pr in projects where pr.current { currentCount += 1 }
        var tech = min(p.highTech, currentCount)
        for k in projects.indices {
            if projects[k].current {
                if g.below(currentCount) < tech { projects[k].highTech = true; tech -= 1 }
                currentCount -= 1
            } else if g.chance(0.05) {
                projects[k].world500 = true
            }
            if g.chance(0.03) { projects[k].otherTag = g.below(Words.tagOther.count) }
        }
        // Shared credit, with other townships of the county (never a tie twin).
        if !unit.twin {
            let county = plan.counties[unit.county]
            func partner(_ g: inout RandomStream, not: Int) -> Int {
                for _ in 0..<3 {
                    let j = county.first + g.below(county.count)
                    if j != i && j != not && !plan.units[j].twin { return j }
                }
                return -1
            }
            for k in projects.indices where projects[k].current && g.chance(0.02) {
                let a = partner(&g, not: -1)
                guard a >= 0 else { continue }
                let kind = g.below(20)
                if kind < 14 {
                    projects[k].split = 1
                    projects[k].splitPattern = UInt8(g.below(ProjectsWriter.twoWay.count))
                } else if kind < 17 {
                    projects[k].split = 2
                    projects[k].splitPattern = UInt8(g.below(2))
                } else {
                    let b = partner(&g, not: a)
                    if b >= 0 {
                        projects[k].split = 3
                        projects[k].partners.1 = Int32(b)
                    } else {
                        projects[k].split = 1
                        projects[k].splitPattern = 0
                    }
                }
                projects[k].partners.0 = Int32(a)
            }
        }
    }

    /// How round an amount is: 0.01万, 0.5万, 1万, 10万 or 100万.
    static func grain(_ g: inout RandomStream) -> Int {
        switch g.below(10) {
        case 0: return 1
        case 1: return 50
        case 2, 3, 4: return 100
        case 5, 6, 7: return 1_000
        default: return 10_000
        }
    }

    func writeRow(_ pr: Project, unit i: Int, serial: Int, _ c: inout RandomStream, _ out: inout CSVOutput) throws {
        // 项目编号
        out.begin()
        out.append(pr.current ? ProjectsWriter.key2021 : ProjectsWriter.key2020)
        out.appendPadded(serial, width: 8)
        // 项目名称: city + firm + product + 项目
        let industry = c.below(Words.industries.count)
        out.begin()
        if pr.source == .abroad {
            out.append(Words.foreign[c.below(Words.foreign.count)])
        } else {
            out.append(Words.cities[c.below(Words.cities.count)])
        }
        out.append(Words.firms[c.below(Words.firms.count)])
        let products = Words.products[industry]
        out.append(products[c.below(products.count)])
        out.append(Words.xiangmu)
        // 责任单位
        let name = plan.units[i].name
        switch pr.split {
        case 1:
            let (a, b) = ProjectsWriter.twoWay[Int(pr.splitPattern)]
            out.begin()
            out.append(name); out.append(Words.space); out.appendInt(a); out.append(Words.percent)
            out.append(Words.dun)
            out.append(plan.units[Int(pr.partners.0)].name); out.append(Words.space); out.appendInt(b); out.append(Words.percent)
        case 2:
            if pr.splitPattern == 0 {
                out.field(name + Words.dun + plan.units[Int(pr.partners.0)].name)
            } else {
                out.quoted(name + [0x2C] + plan.units[Int(pr.partners.0)].name)
            }
        case 3:
            out.begin()
            out.append(name); out.append(Words.space); out.appendInt(50); out.append(Words.percent); out.append(Words.dun)
            out.append(plan.units[Int(pr.partners.0)].name); out.append(Words.space); out.appendInt(30); out.append(Words.percent); out.append(Words.dun)
            out.append(plan.units[Int(pr.partners.1)].name); out.append(Words.space); out.appendInt(20); out.append(Words.percent)
        default:
            out.field(name)
        }
        // 产业类别
        out.field(Words.industries[industry])
        // 签约日期, 开工日期: mostly ISO, some written 2021/3/5 or 2021年3月5日
        out.date(pr.sign, style: ProjectsWriter.dateStyle(&c))
        if pr.start >= 0 { out.date(min(pr.start, GenCalendar.shared.last), style: ProjectsWriter.dateStyle(&c)) } else { out.empty() }
        // 合同投资额, 备案投资额, 到位资金 (万元), 外资到位 (美元)
        out.hundredths(pr.contract)
        if pr.record >= 0 { out.hundredths(pr.record) } else { out.empty() }
        out.hundredths(pr.funds)
        if pr.usd >= 0 { out.int(pr.usd) } else { out.empty() }
        // 资金来源, 入统
        out.field(Words.sources[Int(pr.source.rawValue)])
        out.field(pr.registered ? Words.yes : Words.no)
        // 标签
        out.begin()
        var first = true
        if pr.world500 { out.append(Words.tagWorld500); first = false }
        if pr.highTech { if !first { out.append(Words.dun) }; out.append(Words.tagHighTech); first = false }
        if pr.otherTag >= 0 { if !first { out.append(Words.dun) }; out.append(Words.tagOther[pr.otherTag]) }
        try out.endRow()
    }

    static let key2021 = Array("P2021-".utf8), key2020 = Array("P2020-".utf8)

    @inline(__always)
    static func dateStyle(_ c: inout RandomStream) -> Int {
        let u = c.below(100)
        return u < 88 ? 0 : (u < 94 ? 1 : 2)
    }
}

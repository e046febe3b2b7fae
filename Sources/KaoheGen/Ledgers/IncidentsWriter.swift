import Foundation

/// Writes incidents.csv: a few 数据造假 findings (veto, `effect: fail`; 1 in 250 units, at
/// least 1), 较大 安全生产 accidents (veto, `effect: zero`; 1 in 2000, at least 1), 一般
/// 安全生产 accidents (2 points each; 1 in 60, at least 2), 作风问题 notices (not scored) and
/// last year's accidents (outside the period). Tie twins have none.
struct IncidentsWriter {
    static let header = ["编号", "单位", "发生日期", "类型", "等级", "死亡人数", "说明"]

    let plan: ProvincePlan

    func write(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "incidents.csv", header: IncidentsWriter.header)
        let n = plan.units.count
        var g = ProvincePlan.globalStream(plan.seed, ProvincePlan.Stream.incidents)
        let cal = GenCalendar.shared
        let y2021 = cal.index(2021, 1, 1), y2021End = cal.index(2021, 12, 31)
        var used = Set<Int>()
        func pick(_ g: inout RandomStream, distinct: Bool) -> Int? {
            for _ in 0..<50 {
                let i = g.below(n)
                if plan.units[i].twin || (distinct && used.contains(i)) { continue }
                used.insert(i)
                return i
            }
            return nil
        }
        func row(_ prefix: String, _ k: Int, _ unit: Int, _ date: Int, _ type: String, _ level: String,
                 _ deaths: Int, _ note: String) throws {
            out.begin()
            out.append(Array(prefix.utf8)); out.appendPadded(k, width: 4)
            out.field(plan.units[unit].name)
            out.date(date, style: k % 5 == 0 ? 2 : (k % 7 == 0 ? 1 : 0))
            out.field(type)
            out.field(level)
            out.int(deaths)
            out.field(note)
            try out.endRow()
        }
        guard n > 0 else { return (0, try out.finish()) }
        for k in 1...max(1, n / 250) {
            guard let u = pick(&g, distinct: true) else { break }
            let wan = g.int(5, 80) * 100
            try row("TJ2021-", k, u, g.int(y2021, y2021End), "数据造假", "严重", 0,
                    "经省统计局核查，虚报项目到位资金\(wan)万元，属实")
        }
        var safety = 0
        for _ in 1...max(1, n / 2000) {
            guard let u = pick(&g, distinct: true) else { break }
            let deaths = g.int(3, 5)
            safety += 1
            try row("AQ2021-", safety, u, g.int(y2021, y2021End), "安全生产", "较大", deaths,
                    "辖区企业发生较大生产安全事故，死亡\(deaths)人")
        }
        for _ in 1...max(2, n / 60) {
            guard let u = pick(&g, distinct: false) else { break }
            let deaths = g.below(2)
            safety += 1
            try row("AQ2021-", safety, u, g.int(y2021, y2021End), "安全生产", "一般", deaths,
                    deaths == 0 ? "辖区企业仓库火灾，无人员伤亡" : "辖区在建项目工地高处坠落事故，死亡1人")
        }
        for k in 0..<(n / 200) {
            guard let u = pick(&g, distinct: false) else { break }
            try row("JW2021-", k + 1, u, g.int(y2021, y2021End), "作风问题", "一般", 0,
                    "省纪委通报：项目审批超时限办理（不属本办法扣分事项）")
        }
        for k in 1...max(1, n / 300) {
            guard let u = pick(&g, distinct: false) else { break }
            try row("AQ2020-", k, u, cal.index(2020, 12, g.int(1, 28)), "安全生产", "一般", g.below(2),
                    "辖区企业机械伤害事故（上年度，不计入本年度考核）")
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }
}

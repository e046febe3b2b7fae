import Foundation

/// Writes reports.csv: 12 monthly reports per unit, due on the 25th. Most arrive 0–6 days
/// early; ≈3% are late and ≈0.5% missing (≈25% and ≈8% for the sloppy tenth of units).
struct ReportsWriter {
    static let header = ["单位", "月份", "截止日期", "报送日期", "报送人"]

    let plan: ProvincePlan

    func write(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "reports.csv", header: ReportsWriter.header)
        let cal = GenCalendar.shared
        for i in plan.units.indices {
            let unit = plan.units[i]
            let profile = UnitProfile(unit, seed: plan.seed)
            let people = UnitPeople(unit: i, seed: plan.seed)
            var g = RandomStream(seed: plan.seed, unit: unit.source, stream: 3)
            var c = RandomStream(seed: plan.seed, unit: i, stream: 13)
            let missing = profile.sloppy ? 0.08 : 0.005
            let late = missing + (profile.sloppy ? 0.25 : 0.03)
            for m in 1...12 {
                let due = cal.index(2021, m, 25)
                let u = g.unit()
                out.field(unit.name)
                out.field(Words.monthNames[m - 1])
                out.date(due)
                if u < missing {
                    out.empty(); out.empty()
                } else {
                    let sent = u < late ? due + g.int(1, 7) : due - g.int(0, 6)
                    out.date(sent, style: c.below(100) < 95 ? 0 : 2)
                    out.field(people.clerk)
                }
                try out.endRow()
            }
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }
}

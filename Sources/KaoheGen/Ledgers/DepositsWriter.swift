import Foundation

/// Writes deposits.csv: 2–4 risk deposits per unit, by role — 党委书记 and 镇长/乡长 5000 元
/// each, often 分管领导 3000 and 招商办主任 2000 — paid on one March day.
struct DepositsWriter {
    static let header = ["单位", "姓名", "职务", "金额", "缴纳日期"]

    let plan: ProvincePlan

    func write(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "deposits.csv", header: DepositsWriter.header)
        let cal = GenCalendar.shared
        for i in plan.units.indices {
            let unit = plan.units[i]
            let people = UnitPeople(unit: i, seed: plan.seed)
            var g = RandomStream(seed: plan.seed, unit: unit.source, stream: 4)
            let day = cal.index(2021, 3, g.int(8, 26))
            var rows: [([UInt8], [UInt8], Int)] = [
                (people.secretary, Words.secretary, 5000),
                (people.head, unit.isTown ? Words.townHead : Words.villageHead, 5000),
            ]
            if g.chance(0.6) { rows.append((people.inCharge, Words.inCharge, 3000)) }
            if g.chance(0.5) { rows.append((people.office, Words.office, 2000)) }
            for (name, role, amount) in rows {
                out.field(unit.name)
                out.field(name)
                out.field(role)
                out.int(amount)
                out.date(day)
                try out.endRow()
            }
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }
}

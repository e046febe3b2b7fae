import Foundation

/// Writes trips.csv: leader-led trips. Each unit's main leaders (党委书记, 镇长/乡长) make the
/// profile's number of trips that meet at least one enterprise (the ones that score), plus
/// sometimes one that met none; deputies travel too (not counted); ≈2% of units have a
/// December 2020 trip (outside the period).
struct TripsWriter {
    static let header = ["编号", "单位", "出发日期", "返回日期", "带队领导", "职务", "目的地", "对接企业数", "备注"]

    struct Trip {
        var date: Int
        var role: [UInt8]
        var leader: [UInt8]
        var firms: Int
        var lastYear: Bool
    }

    let plan: ProvincePlan

    func write(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "trips.csv", header: TripsWriter.header)
        let cal = GenCalendar.shared
        let yearStart = cal.index(2021, 1, 1)
        var serial = 0
        var trips: [Trip] = []
        for i in plan.units.indices {
            let unit = plan.units[i]
            let profile = UnitProfile(unit, seed: plan.seed)
            let people = UnitPeople(unit: i, seed: plan.seed)
            var g = RandomStream(seed: plan.seed, unit: unit.source, stream: 2)
            var c = RandomStream(seed: plan.seed, unit: i, stream: 12)
            let head = unit.isTown ? Words.townHead : Words.villageHead
            trips.removeAll(keepingCapacity: true)
            for k in 0..<profile.mainTrips {
                let secretary = k % 2 == 0
                trips.append(Trip(date: yearStart + g.below(355), role: secretary ? Words.secretary : head,
                                  leader: secretary ? people.secretary : people.head, firms: g.int(1, 6), lastYear: false))
            }
            for _ in 0..<g.below(2) {
                trips.append(Trip(date: yearStart + g.below(355), role: Words.secretary, leader: people.secretary,
                                  firms: 0, lastYear: false))
            }
            for _ in 0..<g.int(1, 3) {
                let d = g.below(3)
                let role = d == 0 ? (unit.isTown ? Words.deputyTown : Words.deputyVillage) : Words.deputies[d - 1]
                trips.append(Trip(date: yearStart + g.below(355), role: role, leader: people.deputies[d == 0 ? 0 : 1],
                                  firms: g.int(0, 4), lastYear: false))
            }
            if g.chance(0.02) {
                trips.append(Trip(date: cal.index(2020, 12, g.int(1, 28)), role: Words.secretary, leader: people.secretary,
                                  firms: g.int(1, 4), lastYear: true))
            }
            let order = trips.indices.sorted { trips[$0].date != trips[$1].date ? trips[$0].date < trips[$1].date : $0 < $1 }
            for k in order {
                let t = trips[k]
                serial += 1
                out.begin()
                out.append(TripsWriter.prefix); out.appendInt(Int(cal.year[t.date])); out.appendPadded(serial, width: 7)
                out.field(unit.name)
                out.date(t.date, style: c.below(100) < 90 ? 0 : 1)
                if c.chance(0.85) { out.date(t.date + c.int(2, 5)) } else { out.empty() }
                out.field(t.leader)
                out.field(t.role)
                let city = c.below(Words.cities.count)
                out.begin()
                if Words.cityProvince[city] != TripsWriter.noProvince { out.append(Words.cityProvince[city]) }
                out.append(Words.cities[city])
                out.int(t.firms)
                if t.lastYear {
                    out.field(Words.tripNoteLastYear)
                } else if c.chance(0.5) {
                    out.field(Words.tripNotes[c.below(Words.tripNotes.count)])
                } else {
                    out.empty()
                }
                try out.endRow()
            }
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }

    static let prefix = Array("WC".utf8), noProvince = Array("-".utf8)
}

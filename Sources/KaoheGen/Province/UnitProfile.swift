/// What a unit's year looks like, drawn once per unit; the ledgers are then built to produce
/// it. The kinds spread the scores: weak units (12%) fall under the 50% floor of
/// 省外到位资金, stars (12%) go past its 120% cap and collect bonuses past the bonus cap.
struct UnitProfile {
    enum Kind { case weak, normal, star }

    var kind: Kind
    /// Planned 省外到位资金 as a percentage of the unit's target.
    var fundsPct: Int
    /// 亿元 projects, of which `huge` are ≥ 10亿.
    var big: Int
    var huge: Int
    var world500: Int
    var highTech: Int
    /// Percentage of this year's projects started this year.
    var startedPct: Int
    /// 入统 projects.
    var registered: Int
    /// Main-leader trips meeting at least one enterprise.
    var mainTrips: Int
    /// A quarter (1–4) with no project signed, or 0.
    var quietQuarter: Int
    /// Reports late or missing more often than most.
    var sloppy: Bool
    /// 招商活动 rating in halves of a point (10 = 5 points … 20 = 10 points).
    var ratingHalves: Int
    /// A second rating row of +1 (which can push the item past its 10 points).
    var ratingExtra: Bool

    /// Drawn from the stream of the plan's `source` unit, so tie twins get the same profile.
    init(_ plan: UnitPlan, seed: UInt64) {
        var g = RandomStream(seed: seed, unit: plan.source, stream: 0)
        let u = g.unit()
        kind = u < 0.12 ? .weak : (u < 0.24 ? .star : .normal)
        func scaled(_ target: Int, _ lo: Int, _ hi: Int) -> Int { (target * g.int(lo, hi) + 50) / 100 }
        switch kind {
        case .weak:
            fundsPct = g.int(15, 49)
            big = scaled(plan.bigTarget, 0, 70)
            huge = 0
            world500 = 0
            startedPct = g.int(30, 65)
            registered = scaled(plan.group.registeredTarget, 20, 80)
            mainTrips = scaled(plan.group.tripsTarget, 0, 80)
        case .normal:
            fundsPct = g.int(50, 115)
            big = scaled(plan.bigTarget, 40, 140)
            huge = g.chance(0.02) ? 1 : 0
            world500 = g.chance(0.05) ? 1 : 0
            startedPct = g.int(55, 100)
            registered = scaled(plan.group.registeredTarget, 40, 130)
            mainTrips = scaled(plan.group.tripsTarget, 50, 140)
        case .star:
            fundsPct = g.int(116, 180)
            big = scaled(plan.bigTarget, 100, 200)
            huge = g.below(3)
            world500 = g.int(1, 4)
            startedPct = g.int(80, 100)
            registered = scaled(plan.group.registeredTarget, 100, 180)
            mainTrips = scaled(plan.group.tripsTarget, 100, 170)
        }
        big = max(big, huge)
        let t = g.below(10)
        highTech = t < 4 ? 0 : (t < 7 ? 1 : (t < 9 ? 2 : g.int(3, 4)))
        quietQuarter = g.chance(0.08) ? g.int(1, 4) : 0
        sloppy = g.chance(0.1)
        switch kind {
        case .weak: ratingHalves = g.int(10, 15)
        case .normal: ratingHalves = g.int(13, 19)
        case .star: ratingHalves = g.int(16, 20)
        }
        ratingExtra = kind == .star && g.chance(0.3)
    }
}

/// The people of one unit: its leaders, who lead trips, pay deposits and send reports.
struct UnitPeople {
    var secretary: [UInt8]
    var head: [UInt8]
    var deputies: [[UInt8]]
    var inCharge: [UInt8]
    var office: [UInt8]
    var clerk: [UInt8]

    /// Names drawn from the unit's own stream (twins have other people), all different.
    init(unit: Int, seed: UInt64) {
        var g = RandomStream(seed: seed, unit: unit, stream: 10)
        var taken: [[UInt8]] = []
        func fresh() -> [UInt8] {
            while true {
                let n = PersonNames.draw(&g)
                if !taken.contains(n) { taken.append(n); return n }
            }
        }
        secretary = fresh(); head = fresh()
        deputies = [fresh(), fresh()]
        inCharge = fresh(); office = fresh(); clerk = fresh()
    }
}

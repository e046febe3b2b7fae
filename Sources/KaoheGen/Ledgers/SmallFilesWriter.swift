import Foundation

/// Writes units.csv, targets.csv and adjustments.csv.
struct SmallFilesWriter {
    let plan: ProvincePlan

    /// units.csv: 序号, 单位, 所属县, 类别, 分团 (the county's 招商分团), 分团团长.
    func writeUnits(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "units.csv", header: ["序号", "单位", "所属县", "类别", "分团", "分团团长"])
        let groups = ProvinceGroup.allCases.map(\.nameBytes)
        for (i, u) in plan.units.enumerated() {
            let county = plan.counties[u.county]
            out.int(i + 1)
            out.field(u.name)
            out.field(county.name)
            out.field(groups[u.group.rawValue])
            out.field(county.team)
            out.field(county.leader)
            try out.endRow()
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }

    /// targets.csv: the units with their own 省外到位资金 (and sometimes 亿元项目) targets.
    func writeTargets(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "targets.csv", header: ["单位", "指标", "目标"])
        for u in plan.units {
            if let lit = u.fundsLiteral {
                out.field(u.name); out.field("省外到位资金"); out.field(lit)
                try out.endRow()
            }
            if let big = u.bigLiteral {
                out.field(u.name); out.field("亿元项目"); out.int(big)
                try out.endRow()
            }
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }

    /// adjustments.csv: every unit's 招商活动 rating (5–10 points; stars sometimes get a second
    /// row of +1, which the item's 10 points hold back), and a few appeal corrections of 亿元项目.
    func writeAdjustments(to dir: URL) throws -> (rows: Int, bytes: Int) {
        var out = try CSVOutput(directory: dir, name: "adjustments.csv", header: ["单位", "指标", "分数", "理由", "批准人"])
        for i in plan.units.indices {
            let u = plan.units[i]
            let profile = UnitProfile(u, seed: plan.seed)
            var c = RandomStream(seed: plan.seed, unit: i, stream: 15)
            out.field(u.name)
            out.field(Words.ratingItem)
            out.hundredths(profile.ratingHalves * 50)
            out.field(Words.ratingReasons[c.below(Words.ratingReasons.count)])
            out.field(Words.committee)
            try out.endRow()
            if profile.ratingExtra {
                out.field(u.name); out.field(Words.ratingItem); out.int(1)
                out.field(Words.ratingExtra); out.field(Words.committee)
                try out.endRow()
            }
            if u.appeal {
                out.field(u.name); out.field(Words.appealItem); out.int(5)
                out.field(Words.appealReason); out.field(Words.leadingGroup)
                try out.endRow()
            }
        }
        let bytes = try out.finish()
        return (out.rows, bytes)
    }
}

/// One assessed township of the generated province.
struct UnitPlan {
    var name: [UInt8]
    var county: Int
    var group: ProvinceGroup
    /// 镇 (true) or 乡: decides the head's title (镇长 / 乡长).
    var isTown: Bool
    /// The unit whose random streams shape this unit's ledgers: itself, or for the second unit
    /// of a tie pair, the first one (so both get the same numbers).
    var source: Int
    /// One of a tie pair: kept out of shared credit, incidents, target overrides and appeals.
    var twin = false
    /// 省外到位资金 target in hundredths of 万元 (its group's, or the targets file's).
    var fundsTarget: Int
    var bigTarget: Int
    /// The targets-file literals, when this unit has its own targets.
    var fundsLiteral: [UInt8]? = nil
    var bigLiteral: Int? = nil
    /// Has an appeal correction in the adjustments file.
    var appeal = false
}

/// A county: its townships are consecutive units and form one 招商分团.
struct CountyPlan {
    var name: [UInt8]
    var first: Int
    var count: Int
    var leader: [UInt8]
    var team: [UInt8] { name + Array("招商分团".utf8) }
}

/// The province as a whole: counties, units with their groups and targets, and the few
/// choices that span units (tie pairs, own targets, appeals). Built from the run's seed alone.
struct ProvincePlan {
    var counties: [CountyPlan] = []
    var units: [UnitPlan] = []
    let seed: UInt64

    /// Stream numbers of the province-wide random streams.
    enum Stream {
        static let layout: UInt64 = 100, twins: UInt64 = 101, targets: UInt64 = 102,
                   incidents: UInt64 = 103, appeals: UInt64 = 104
    }

    static func globalStream(_ seed: UInt64, _ stream: UInt64) -> RandomStream {
        RandomStream(seed: seed, unit: -1, stream: stream)
    }

    init(units n: Int, seed: UInt64) {
        self.seed = seed
        layout(n)
        pickTwins()
        pickTargets()
        pickAppeals()
    }

    /// Counties of 8–12 townships (the last one up to 16); the first of each is 城关镇 (一类乡镇).
    private mutating func layout(_ n: Int) {
        var g = ProvincePlan.globalStream(seed, Stream.layout)
        let strides = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
        let stems = Words.townFirst.count * Words.townSecond.count
        var c = 0
        while units.count < n {
            let remaining = n - units.count
            let size = remaining <= 16 ? remaining : min(g.int(8, 12), remaining - 8)
            let cname = ProvincePlan.countyName(c)
            let leader = Words.countySecretary + PersonNames.draw(&g)
            counties.append(CountyPlan(name: cname, first: units.count, count: size, leader: leader))
            let start = g.below(stems), stride = g.pick(strides)
            for k in 0..<size {
                let group: ProvinceGroup
                let isTown: Bool
                var name = cname
                if k == 0 {
                    group = .first; isTown = true
                    name += Words.chengguan
                } else {
                    let u = g.unit()
                    group = u < 0.2 ? .first : (u < 0.6 ? .second : .third)
                    isTown = group == .first ? true : (group == .second ? g.chance(0.7) : g.chance(0.2))
                    let s = (start + k * stride) % stems
                    name += Words.townFirst[s % Words.townFirst.count] + Words.townSecond[s / Words.townFirst.count]
                }
                name += isTown ? Words.zhen : Words.xiang
                units.append(UnitPlan(name: name, county: c, group: group, isTown: isTown, source: units.count,
                                      fundsTarget: group.fundsTarget * 100, bigTarget: group.bigProjectsTarget))
            }
            c += 1
        }
    }

    /// A unique county name for every index: two characters, then three, then a number.
    static func countyName(_ c: Int) -> [UInt8] {
        let f = Words.countyFirst, s = Words.countySecond, t = Words.countyThird
        let two = f.count * s.count
        func pair(_ i: Int) -> [UInt8] {
            let p = (i &* 7919 &+ 13) % two          // 7919 is prime: a permutation of 0..<two
            return f[p % f.count] + s[p / f.count]
        }
        if c < two { return pair(c) + Words.xian }
        if c < two * (t.count + 1) {
            let k = c - two
            return pair(k % two) + t[k / two] + Words.xian
        }
        return Array("第\(c + 1)".utf8) + Words.xian
    }

    /// Tie pairs: two units of one group whose ledgers carry the same numbers (1 in 100 units,
    /// at least 2 pairs), so their totals, rates and tie-breakers are equal and they share a rank.
    private mutating func pickTwins() {
        let n = units.count
        guard n >= 4 else { return }
        var g = ProvincePlan.globalStream(seed, Stream.twins)
        let pairs = max(2, n / 100)
        var made = 0, attempts = 0
        while made < pairs && attempts < pairs * 20 {
            attempts += 1
            let a = g.below(n)
            if units[a].twin { continue }
            var j = (a + 1) % n, found = -1
            for _ in 0..<(n - 1) {
                if !units[j].twin && units[j].group == units[a].group { found = j; break }
                j = (j + 1) % n
            }
            guard found >= 0 else { continue }
            units[a].twin = true
            units[found].twin = true
            units[found].source = a
            made += 1
        }
    }

    /// Units with their own targets in targets.csv (3%, at least 2): 省外到位资金 at 80–150% of
    /// the group's, written as `6亿`, `4.5亿` or `45000万`, and sometimes 亿元项目 ± 1.
    private mutating func pickTargets() {
        var g = ProvincePlan.globalStream(seed, Stream.targets)
        let want = max(2, units.count * 3 / 100)
        var made = 0, attempts = 0
        while made < want && attempts < want * 20 {
            attempts += 1
            let i = g.below(units.count)
            if units[i].twin || units[i].fundsLiteral != nil { continue }
            let wan = units[i].group.fundsTarget * g.int(16, 30) * 5 / 100 / 100 * 100   // 万元, multiple of 100
            units[i].fundsTarget = wan * 100
            units[i].fundsLiteral = ProvincePlan.literal(wan: wan, &g)
            if g.chance(0.4) {
                let big = max(1, units[i].bigTarget + (g.chance(0.5) ? 1 : -1))
                units[i].bigTarget = big
                units[i].bigLiteral = big
            }
            made += 1
        }
    }

    /// A rule literal for an amount of 万元: `5亿`, `4.5亿`, or `45000万`.
    static func literal(wan: Int, _ g: inout RandomStream) -> [UInt8] {
        if wan % 10_000 == 0 { return Array("\(wan / 10_000)亿".utf8) }
        if g.chance(0.5) { return Array("\(wan)万".utf8) }
        var frac = String(wan % 10_000)
        frac = String(repeating: "0", count: 4 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return Array("\(wan / 10_000).\(frac)亿".utf8)
    }

    /// Appeal corrections (1 in 300 units, at least 1).
    private mutating func pickAppeals() {
        var g = ProvincePlan.globalStream(seed, Stream.appeals)
        let want = max(1, units.count / 300)
        var made = 0, attempts = 0
        while made < want && attempts < want * 20 {
            attempts += 1
            let i = g.below(units.count)
            if units[i].twin || units[i].appeal { continue }
            units[i].appeal = true
            made += 1
        }
    }
}

/// Made-up Chinese personal names.
enum PersonNames {
    static func draw(_ g: inout RandomStream) -> [UInt8] {
        var n = Words.surnames[g.below(Words.surnames.count)]
        n += Words.given[g.below(Words.given.count)]
        if g.chance(0.7) { n += Words.given[g.below(Words.given.count)] }
        return n
    }
}

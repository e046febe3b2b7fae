import Testing
import Foundation
import Kaohe
import KaoheIO
@testable import KaoheGen

/// The generated small set with rules/province-2021.yaml, through the engine.
@Suite("province-2021 on generated data")
struct SchemeScoringTests {
    static let schemePath = repoRoot.appendingPathComponent("rules/province-2021.yaml").path

    func assess(units: Int, perUnit: Int, seed: UInt64) throws -> Assessment {
        let (dir, _) = try generate(units: units, perUnit: perUnit, seed: seed)
        defer { removeDir(dir) }
        let loaded = SchemeLoader.load(path: SchemeScoringTests.schemePath)
        #expect(!loaded.diagnostics.hasErrors, "\(loaded.diagnostics)")
        let scheme = try #require(loaded.scheme)
        let schemeBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: SchemeScoringTests.schemePath)))
        let loader = LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory)
        let ledger: Ledger
        switch loader.load(schemeBytes: schemeBytes) {
        case .failure(let d): Issue.record("data errors:\n\(d)"); throw d
        case .success(let l): ledger = l
        }
        switch Engine(scheme: scheme, ledger: ledger).assess() {
        case .failure(let d): Issue.record("scoring errors:\n\(d)"); throw d
        case .success(let a): return a
        }
    }

    @Test("the small set loads and scores, and exercises every path", arguments: [UInt64(1), 2, 3])
    func smallSet(seed: UInt64) throws {
        let a = try assess(units: 60, perUnit: 20, seed: seed)
        #expect(a.units.count == 60)
        // vetoes, both effects
        #expect(a.units.contains { $0.vetoes.contains("数据造假") })
        #expect(a.units.contains { $0.vetoes.contains("重大安全生产事故") && $0.total == .zero })
        // a shared rank within a group
        var ranks: [String: Int] = [:]
        var shared = false
        for u in a.units {
            let key = "\(u.group ?? "")#\(u.rank)"
            if ranks[key] != nil { shared = true }
            ranks[key, default: 0] += 1
        }
        #expect(shared, "no two units share a rank")
        // 省外到位资金 past its 120% cap, and under its 50% floor
        let funds = a.units.compactMap { $0.item("省外到位资金") }
        #expect(funds.contains { ($0.rate ?? .zero) > Fixed.parse("1.2") && $0.score == Fixed(36) }, "nobody capped")
        #expect(funds.contains { ($0.rate ?? Fixed(1)) < Fixed.parse("0.5") && $0.score == .zero }, "nobody under the floor")
        // bonus cap hit: items add up past 10, the bonus is 10
        #expect(a.units.contains { u in
            u.bonus == Fixed(10) && u.items.filter { $0.section == .bonus }.compactMap(\.score).reduce(.zero, +) > Fixed(10)
        }, "nobody hits the bonus cap")
        // committee ratings on every unit, deposits, a quarterly deduction, rewards, titles, penalties
        #expect(a.units.allSatisfy { !($0.item("招商活动")?.adjustments.isEmpty ?? true) })
        #expect(a.units.allSatisfy { (2...4).contains($0.deposits.count) })
        #expect(a.units.contains { $0.deposits.contains { !$0.deductedIn.isEmpty } }, "no quarterly deduction")
        #expect(a.units.contains { $0.deposits.contains { $0.reward > .zero } })
        #expect(a.units.contains { $0.rewards.contains { $0.name == "排名奖励" } })
        #expect(a.units.contains { $0.rewards.contains { $0.name == "引荐奖励" } })
        #expect(a.units.contains { !$0.titles.isEmpty })
        #expect(a.units.contains { $0.penalties.contains("取消评先评优资格") })
        #expect(Set(a.units.compactMap(\.grade)).count == 4, "every grade is given")
        #expect(a.teams.count >= 5)
    }

    @Test("the scheme's group targets are the ones the generator shapes against")
    func targetsMatch() throws {
        let loaded = SchemeLoader.load(path: SchemeScoringTests.schemePath)
        let scheme = try #require(loaded.scheme)
        #expect(scheme.groups.map(\.name) == ProvinceGroup.allCases.map(\.name))
        for g in ProvinceGroup.allCases {
            let spec = try #require(scheme.group(named: g.name))
            #expect(spec.targets["省外到位资金"]?.value == Fixed(g.fundsTarget * 10_000))
            #expect(spec.targets["亿元项目"]?.value == Fixed(g.bigProjectsTarget))
            #expect(spec.targets["主要领导外出招商"]?.value == Fixed(g.tripsTarget))
            #expect(spec.targets["新入统项目"]?.value == Fixed(g.registeredTarget))
        }
    }
}

extension Fixed {
    static func parse(_ s: String) -> Fixed { Fixed(parsing: s)! }
}

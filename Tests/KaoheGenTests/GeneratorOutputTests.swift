import Testing
import Foundation
@testable import KaoheGen

@Suite("kaohe-gen output")
struct GeneratorOutputTests {
    @Test("the same arguments give byte-identical files; another seed gives others")
    func determinism() throws {
        let (a, ra) = try generate(units: 150, perUnit: 12, seed: 7)
        let (b, _) = try generate(units: 150, perUnit: 12, seed: 7)
        let (c, _) = try generate(units: 150, perUnit: 12, seed: 8)
        defer { removeDir(a); removeDir(b); removeDir(c) }
        #expect(ra.files.map(\.name) == ProvinceGenerator.fileNames)
        for name in ProvinceGenerator.fileNames {
            let x = bytes(a.appendingPathComponent(name))
            #expect(!x.isEmpty, "\(name) is empty")
            #expect(x == bytes(b.appendingPathComponent(name)), "\(name) differs between two runs")
        }
        #expect(bytes(a.appendingPathComponent("projects.csv")) != bytes(c.appendingPathComponent("projects.csv")))
        // no partial files are left behind
        let left = try FileManager.default.contentsOfDirectory(atPath: a.path).filter { $0.hasPrefix(".") }
        #expect(left.isEmpty)
    }

    @Test("the committed sample is what the generator writes for --units 60 --projects-per-unit 20 --seed 1")
    func committedSample() throws {
        let (dir, _) = try generate(units: 60, perUnit: 20, seed: 1)
        defer { removeDir(dir) }
        let sample = repoRoot.appendingPathComponent("samples/province-small")
        for name in ProvinceGenerator.fileNames {
            #expect(bytes(dir.appendingPathComponent(name)) == bytes(sample.appendingPathComponent(name)),
                    "samples/province-small/\(name) is stale: rerun kaohe-gen --units 60 --projects-per-unit 20 --seed 1 --out samples/province-small")
        }
    }

    @Test("row counts: N units, about N×M projects, 12 reports and 2–4 deposits per unit")
    func rowCounts() throws {
        let n = 300, m = 40
        let (dir, report) = try generate(units: n, perUnit: m, seed: 3)
        defer { removeDir(dir) }
        let units = readCSV(dir.appendingPathComponent("units.csv"))
        #expect(units.rows.count == n)
        #expect(Set(units.rows.map { $0[1] }).count == n, "unit names are unique")
        #expect(report.file("units.csv")?.rows == n)
        let projects = readCSV(dir.appendingPathComponent("projects.csv"))
        #expect(projects.header == ProjectsWriter.header)
        #expect(projects.rows.count == report.file("projects.csv")?.rows)
        #expect(abs(Double(projects.rows.count) / Double(n * m) - 1) < 0.05, "\(projects.rows.count) projects for \(n)×\(m)")
        #expect(Set(projects.rows.map { $0[0] }).count == projects.rows.count, "project keys are unique")
        #expect(projects.rows.allSatisfy { $0.count == projects.header.count })
        let reports = readCSV(dir.appendingPathComponent("reports.csv"))
        #expect(reports.rows.count == 12 * n)
        var perUnit: [String: Int] = [:]
        for r in reports.rows { perUnit[r[0], default: 0] += 1 }
        #expect(perUnit.count == n && perUnit.values.allSatisfy { $0 == 12 })
        #expect(reports.rows.contains { $0[3].isEmpty }, "some report is missing")
        let deposits = readCSV(dir.appendingPathComponent("deposits.csv"))
        var dep: [String: Int] = [:]
        for r in deposits.rows { dep[r[0], default: 0] += 1 }
        #expect(dep.count == n && dep.values.allSatisfy { (2...4).contains($0) })
        // teams of about 10 units
        var teams: [String: Int] = [:]
        for r in units.rows { teams[r[4], default: 0] += 1 }
        #expect(teams.values.allSatisfy { (8...16).contains($0) })
        // every group is present
        #expect(Set(units.rows.map { $0[3] }) == Set(ProvinceGroup.allCases.map(\.name)))
    }

    @Test("money has at most 2 decimals; every project's 到位资金 is within its 合同投资额")
    func amounts() throws {
        let (dir, _) = try generate(units: 100, perUnit: 30, seed: 5)
        defer { removeDir(dir) }
        let projects = readCSV(dir.appendingPathComponent("projects.csv"))
        let h = projects.header
        let contract = h.firstIndex(of: "合同投资额")!, record = h.firstIndex(of: "备案投资额")!, funds = h.firstIndex(of: "到位资金")!
        func hundredths(_ s: String) -> Int? {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let whole = Int(parts[0]) else { return nil }
            if parts.count == 1 { return whole * 100 }
            guard (1...2).contains(parts[1].count), let f = Int(parts[1]) else { return nil }
            return whole * 100 + (parts[1].count == 1 ? f * 10 : f)
        }
        for r in projects.rows {
            let c = try #require(hundredths(r[contract]), "合同投资额 '\(r[contract])'")
            let f = try #require(hundredths(r[funds]), "到位资金 '\(r[funds])'")
            #expect(f <= c && c > 0)
            if !r[record].isEmpty { #expect(hundredths(r[record]) != nil) }
        }
    }

    @Test("every shared-credit cell names known units and its shares add up to 100%")
    func sharesValid() throws {
        let (dir, _) = try generate(units: 400, perUnit: 25, seed: 11)
        defer { removeDir(dir) }
        let names = Set(readCSV(dir.appendingPathComponent("units.csv")).rows.map { $0[1] })
        let projects = readCSV(dir.appendingPathComponent("projects.csv"))
        var shared = 0, withPercent = 0, equal = 0, threeWay = 0
        for r in projects.rows {
            let cell = r[2]
            let parts = cell.split(whereSeparator: { $0 == "、" || $0 == "," }).map(String.init)
            if parts.count == 1 {
                #expect(names.contains(cell), "unknown unit '\(cell)'")
                continue
            }
            shared += 1
            if parts.count == 3 { threeWay += 1 }
            var sum = 0, given = 0
            var seen = Set<String>()
            for p in parts {
                if p.hasSuffix("%") {
                    let bits = p.split(separator: " ")
                    #expect(bits.count == 2, "'\(p)'")
                    sum += Int(bits[1].dropLast()) ?? -1000
                    given += 1
                    #expect(names.contains(String(bits[0])), "unknown unit in '\(cell)'")
                    seen.insert(String(bits[0]))
                } else {
                    #expect(names.contains(p), "unknown unit in '\(cell)'")
                    seen.insert(p)
                }
            }
            #expect(seen.count == parts.count, "a unit named twice in '\(cell)'")
            if given == 0 { equal += 1 } else {
                withPercent += 1
                #expect(given == parts.count && sum == 100, "shares of '\(cell)' add up to \(sum)%")
            }
        }
        let share = Double(shared) / Double(projects.rows.count)
        #expect(share > 0.01 && share < 0.03, "\(shared) shared of \(projects.rows.count)")
        #expect(withPercent > 0 && equal > 0 && threeWay > 0)
    }

    @Test("tie twins carry the same numbers under other names")
    func twins() throws {
        let plan = ProvincePlan(units: 500, seed: 1)
        let pairs = plan.units.indices.filter { plan.units[$0].source != $0 }
        #expect(pairs.count >= 5)
        for b in pairs {
            let a = plan.units[b].source
            #expect(plan.units[a].group == plan.units[b].group)
            #expect(plan.units[a].twin && plan.units[b].twin)
            #expect(plan.units[a].fundsLiteral == nil && plan.units[b].fundsLiteral == nil)
            #expect(plan.units[a].name != plan.units[b].name)
        }
    }

    @Test("unit names stay unique past the two-character county names")
    func countyNames() {
        var seen = Set<[UInt8]>()
        for c in 0..<30_000 { #expect(seen.insert(ProvincePlan.countyName(c)).inserted) }
    }
}

import Testing
import Foundation
import Kaohe
import KaoheIO
import KaoheReports

/// The bundled sample (rules/county-2021.yaml on samples/county-2021), end to end.
/// Totals agree with samples/county-2021/reference.py, an independent scorer of this scheme.
@Suite struct SampleScoreTests {
    static func assess(asOf: Day? = nil) throws -> Assessment {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let loaded = SchemeLoader.load(path: path)
        guard let scheme = loaded.scheme else { throw FixtureError(text: loaded.diagnostics.description) }
        let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: nil)
        let bytes = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory).load(schemeBytes: bytes).unwrap()
        return try Engine(scheme: scheme, ledger: ledger).assess(asOf: asOf).unwrap()
    }

    @Test func 城关镇() throws {
        let a = try Self.assess()
        let u = try #require(a.unit("城关镇"))
        // 省外到位资金: 26 省外 projects of 2021 add to 52,839万 = 528,390,000 元; two 境外 projects bring
        // (790,000 + 1,010,000) 美元 × 6.45 = 11,610,000 元: 540,000,000 元. Target 4亿 (targets.csv):
        // rate 1.35, capped at 120%: 30 × 1.2 = 36.
        #expect(u.item("省外到位资金")?.value == .number(Fixed(540_000_000)))
        #expect(u.item("省外到位资金")?.rate?.description == "1.35")
        #expect(u.item("省外到位资金")?.score?.description == "36")
        // 招商活动 (rated): 9.5 + 1 = 10.5, held at its 10 points.
        #expect(u.item("招商活动")?.score?.description == "10")
        // Bonuses 6 + 2 + 2 + 2 = 12, capped at 10; base 106; total 116; rank 1 of 一类乡镇.
        #expect(u.bonus.description == "10")
        #expect(u.base.description == "106")
        #expect(u.total.description == "116")
        #expect(u.rank == 1)
        #expect(u.grade == "优秀")
    }

    @Test func totalsRanksTiesAndVeto() throws {
        let a = try Self.assess()
        func t(_ n: String) -> String? { a.unit(n)?.total.description }
        #expect(t("新桥镇") == "104.39")
        #expect(t("河西镇") == "98.08")
        #expect(t("杨柳乡") == "14.59")
        #expect(t("县商务局") == "108.87")
        #expect(t("县财政局") == "22.92")
        // 石门乡 and 桃源乡 have identical ledgers: shared rank 2; the next is 4.
        #expect(t("石门乡") == "91.74")
        #expect(t("桃源乡") == "91.74")
        #expect(a.unit("石门乡")?.rank == 2)
        #expect(a.unit("桃源乡")?.rank == 2)
        #expect(a.unit("黄龙乡")?.rank == 4)
        // 河口镇 is vetoed (数据造假): it keeps its total but ranks last in its group, graded 不合格.
        let h = try #require(a.unit("河口镇"))
        #expect(h.vetoed)
        #expect(h.vetoes == ["数据造假"])
        #expect(h.total.description == "90.74")
        #expect(h.rank == 8)
        #expect(h.grade == "不合格")
        // 杨柳乡 at 42% of its target is under the 50% floor: 0 points.
        #expect(a.unit("杨柳乡")?.item("省外到位资金")?.score?.description == "0")
        // Order: 一类乡镇 first, by rank.
        #expect(a.units.prefix(3).map(\.unit) == ["城关镇", "新桥镇", "河西镇"])
    }

    @Test func teams() throws {
        let a = try Self.assess()
        #expect(a.teams.map(\.team) == ["第一分团", "第二分团", "第四分团", "第三分团", "第五分团"])
        // Averages of the members' totals, as computed (SPEC §9), not rounded:
        // (116 + 88.37 + 91.74 + 79.95 + 95.56) ÷ 5 = 471.62 ÷ 5 = 94.324;
        // (98.08 + 68.04 + 91.74 + 57.06 + 108.87) ÷ 5 = 423.79 ÷ 5 = 84.758;
        // (42.01 + 90.74 + 105.63 + 80.4 + 65.58) ÷ 5 = 384.36 ÷ 5 = 76.872;
        // (55.69 + 104.39 + 64.45 + 50.32 + 87.86) ÷ 5 = 362.71 ÷ 5 = 72.542;
        // (14.59 + 81.22 + 64.29 + 72.32 + 22.92) ÷ 5 = 255.34 ÷ 5 = 51.068.
        #expect(a.teams.map(\.score.description) == ["94.324", "84.758", "76.872", "72.542", "51.068"])
    }

    /// `kaohe score` lets go of the records once they are aggregated (all but the deposits'):
    /// what it prints is the engine's assessment from the whole ledger, with and without `--as-of`
    /// (the deposits' quarterly deductions read their records again).
    @Test(arguments: [nil, "2021-06-30"])
    func scoreFromTheScoringLedgerIsTheWholeOnes(_ asOf: String?) throws {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let cli = run(["score", path, "--format", "json"] + (asOf.map { ["--as-of", $0] } ?? []))
        #expect(cli.status == 0)
        let whole = try Self.assess(asOf: asOf.flatMap { Day(parsing: $0) })
        #expect(cli.out == AssessmentJSON.render(whole))
        // What is kept: the deposits' dataset only.
        let loaded = SchemeLoader.load(path: path)
        let scheme = try #require(loaded.scheme)
        let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: loaded.directory, override: nil)
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: loaded.directory).load(schemeBytes: []).unwrap()
        #expect(ledger.datasets.count > 1)
        #expect(Array(Engine.scoringLedger(ledger, scheme).datasets.keys) == [try #require(scheme.deposits?.dataset)])
    }

    @Test func jsonIsByteIdenticalAcrossRuns() throws {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let first = run(["score", path, "--format", "json"])
        let second = run(["score", path, "--format", "json"])
        #expect(first.status == 0)
        #expect(first.out == second.out)
        // SHA-256 of the scheme file, then of the units file and each dataset's file in scheme
        // order, as read from disk (pinned: it changes only when those files do).
        #expect(first.out.contains("\"fingerprint\": \"sha256:0216bf6ee366119ff48d72a32f157e82bb8d6f873031ed9e9f63f3bd47bb685f\""))
        #expect(first.out.hasPrefix("{\n  \"scheme\": \"青岚县2021年度招商引资目标考核\",\n  \"year\": 2021,\n  \"as_of\": \"2021-12-31\",\n  \"progress\": 1,\n  \"fingerprint\": \"sha256:"))
    }

    @Test func outFileIsWrittenWhole() throws {
        let path = packageRoot.appendingPathComponent("rules/county-2021.yaml").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = run(["score", path, "--format", "csv", "--out", dir.path])
        #expect(r.status == 0)
        let data = try Data(contentsOf: dir.appendingPathComponent("score.csv"))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["score.csv"])
    }

    @Test func asOfMidYear() throws {
        let a = try Self.assess(asOf: Day(year: 2021, month: 6, day: 30))
        #expect(a.progress.description == "0.5")
        // 城关镇's target of 4亿 is scaled to 2亿 at 2021-06-30.
        #expect(a.unit("城关镇")?.item("省外到位资金")?.target == Fixed(200_000_000))
    }
}

@Suite struct EncodingTests {
    /// The same ledger as UTF-8, UTF-8 with BOM and GB18030 gives the same scores.
    @Test func encodingsGiveIdenticalResults() throws {
        let scheme = formScheme("""
          到位资金:
            from: projects
            where: 来源 in ['省外', '境外']
            sum: 到位资金
            points: 100
            score: proportional
        """)
        var outputs: [String] = []
        let utf8 = Array(formProjects.utf8)
        let gb = try #require(formProjects.data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(Array(gb) != utf8)
        for bytes in [utf8, [0xEF, 0xBB, 0xBF] + utf8, Array(gb)] {
            let fx = try Fixture(scheme: scheme, raw: ["projects.csv": bytes])
            defer { fx.remove() }
            let a = try fx.assess().unwrap()
            outputs.append(a.units.map { "\($0.unit) \($0.total)" }.joined(separator: "; "))
        }
        // 甲镇 110% → 100; 丙镇 78%; 乙镇 42%.
        #expect(outputs[0] == "甲镇 100; 丙镇 78; 乙镇 42")
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }
}

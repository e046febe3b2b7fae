import Foundation
@testable import KaoheCLI
import Testing
@testable import Kaohe
import KaoheIO
import KaoheReports

/// `kaohe score` keeps only the columns its scheme reads: which those are, that the
/// scores are the same, and that a column not kept is still checked.
@Suite struct UnreadColumnsTests {
    @Test func columnsNamedNowhereElse() throws {
        let loaded = SchemeLoader.load(path: provinceScheme)
        let scheme = try #require(loaded.scheme)
        let unread = UnreadColumns.find(scheme, document: try #require(loaded.document))
        // Names, industries, trip leaders and destinations, notes, and the amounts, dates and
        // counts only declared (备案投资额, 返回日期, 死亡人数): never read. Keys, unit and date
        // columns, and anything an expression names (资金来源, 职务, 类型, 外资到位, 开工日期) are
        // kept; so is every column of the deposits, which outcomes read.
        #expect(unread["projects"] == ["项目名称", "产业类别", "备案投资额"])
        #expect(unread["trips"] == ["带队领导", "目的地", "备注", "返回日期"])
        #expect(unread["incidents"] == ["说明", "死亡人数"])
        #expect(unread["deposits"] == nil)
        #expect(unread.values.allSatisfy { !$0.contains("资金来源") && !$0.contains("职务") && !$0.contains("类型") })
    }

    /// The byte search that finds most names before the (slow) `String` search.
    @Test func bytesSearch() {
        let text = Array("where: 资金来源 in ['省外']\nsum: 到位资金".utf8)
        #expect(UnreadColumns.containsBytes(text, Array("资金来源".utf8)))
        #expect(UnreadColumns.containsBytes(text, Array("到位资金".utf8)))         // at the very end
        #expect(!UnreadColumns.containsBytes(text, Array("项目名称".utf8)))
        #expect(!UnreadColumns.containsBytes(text, Array("到位资金额".utf8)))       // runs past the end
        #expect(!UnreadColumns.containsBytes(Array("资".utf8), Array("资金".utf8)))  // longer than the text
    }

    /// Plain texts (no other spelling, each character a grapheme) are searched by bytes alone;
    /// any other text as `String.contains` does, by canonical equivalence.
    @Test func plainTextsAndTheRest() throws {
        #expect(UnreadColumns.isPlain("where: 资金来源 in ['省外', '境外']，每次扣0.5分（3‰）×2 ÷ ％"))
        #expect(!UnreadColumns.isPlain("cafe\u{301}"))   // a combining accent
        #expect(!UnreadColumns.isPlain("가"))            // Hangul decomposes
        #expect(!UnreadColumns.isPlain("\u{F900}"))      // 豈, a compatibility ideograph
        #expect(!UnreadColumns.isPlain("a\r\nb"))        // CR LF is one character
        #expect(!UnreadColumns.isPlain("〪"))            // U+302A, a tone mark that combines
        // For plain texts the byte search and String.contains agree.
        let text = "indicators:\n到位资金: {sum: 到位资金 + 外资到位, where: 来源 == '省外'}\n※ 备注（不计分）"
        for name in ["到位资金", "外资到位", "外资", "来源", "省外", "备注", "计分", "省内", "项目名称", "（不", "※"] {
            #expect(UnreadColumns.containsBytes(Array(text.utf8), Array(name.utf8)) == text.contains(name), "\(name)")
        }
        // A column declared as "café" (é one scalar) and named in a note as "cafe\u{301}" (e and
        // an accent): not plain, so found by canonical equivalence, and kept.
        let yaml = baseScheme.map {
            $0.replacingOccurrences(of: "名称: text}", with: "名称: text, caf\u{E9}: number}")
              .replacingOccurrences(of: "    points: 60", with: "    points: 60\n    note: 另计 cafe\u{301}")
        }.joined(separator: "\n") + "\n"
        let loaded = SchemeLoader.load(text: yaml, file: "s.yaml", directory: URL(fileURLWithPath: "/tmp"))
        let scheme = try #require(loaded.scheme, "\(loaded.diagnostics)")
        let unread = UnreadColumns.find(scheme, document: try #require(loaded.document))
        // (名称 and 签约日期 are named nowhere else; café is kept.)
        #expect(unread["projects"] == ["名称", "签约日期"])
        #expect(unread["projects"]?.contains("caf\u{E9}") == false)
    }

    /// Scored with those columns not kept: the same JSON as from the whole ledger.
    @Test func sameScores() throws {
        let cli = run(["score", provinceScheme, "--format", "json"])
        #expect(cli.status == 0)
        let (scheme, loader, bytes) = try provinceLoader()
        let ledger = try loader.load(schemeBytes: bytes).unwrap()
        #expect(cli.out == AssessmentJSON.render(try Engine(scheme: scheme, ledger: ledger).assess().unwrap()))
    }

    /// A column not kept stores nothing: it reads as none in every record, and its count is the
    /// dataset's.
    @Test func unreadColumnsStoreNothing() throws {
        let loaded = SchemeLoader.load(path: provinceScheme)
        let (scheme, plain, bytes) = try provinceLoader()
        var loader = plain
        loader.unread = UnreadColumns.find(scheme, document: try #require(loaded.document))
        let ledger = try loader.load(schemeBytes: bytes).unwrap()
        let projects = try #require(ledger.datasets["projects"])
        for name in ["项目名称", "产业类别", "备案投资额"] {
            let c = try #require(projects.columnIndex[name])
            guard case .absent(let count) = projects.columns[c] else {
                Issue.record("\(name) is stored")
                continue
            }
            #expect(count == projects.count)
            #expect((0..<projects.count).allSatisfy { projects.value(c, $0).isNone })
        }
        // (A column read is kept: 资金来源 holds its texts.)
        let kept = try #require(projects.columnIndex["资金来源"])
        #expect(projects.value(kept, 0).isNone == false)
    }

    /// An empty cell of a required text column is an error whether the column is kept or not.
    @Test func unreadColumnsAreStillChecked() throws {
        // Line 4: its 项目名称 emptied.
        let dir = try copyOfProvinceSample(editing: [(4, "项目名称", "")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = run(["score", provinceScheme, "--data", dir.path])
        #expect(r.status == 1)
        #expect(r.err.contains("projects.csv:4:项目名称: error: empty cell in a required column"), "\(r.err)")
        #expect(r.out.isEmpty)
    }

    /// A bad amount in a column not kept (备案投资额, declared and never read) is the error it
    /// is when the column is kept (`explain` keeps every column).
    @Test func unreadAmountsAreStillChecked() throws {
        // Line 4: 12x; line 6: "1,2" (a comma inside a quoted amount).
        let dir = try copyOfProvinceSample(editing: [(4, "备案投资额", "12x"), (6, "备案投资额", "\"1,2\"")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let scored = run(["score", provinceScheme, "--data", dir.path])
        let explained = run(["explain", provinceScheme, "--data", dir.path, "--unit", "新山县城关镇"])
        #expect(scored.status == 1 && explained.status == 1)
        #expect(scored.out.isEmpty)
        let errors = { (r: (status: Int32, out: String, err: String)) in
            r.err.components(separatedBy: "\n").filter { $0.contains(":备案投资额:") }
        }
        #expect(errors(scored).count == 2, "\(scored.err)")
        #expect(errors(scored) == errors(explained))
        #expect(errors(scored).first?.hasPrefix("\(dir.path)/projects.csv:4:备案投资额: error:") == true, "\(scored.err)")
    }

    /// A copy of the province sample whose projects have the cells `edits` name (by the file's
    /// line, from 1 at the header, and the column's name) set to the texts given, as written
    /// in CSV.
    func copyOfProvinceSample(editing edits: [(line: Int, column: String, text: String)]) throws -> URL {
        let dir = try copyOfProvinceSample()
        let file = dir.appendingPathComponent("projects.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
        // (The generator writes CRLF, which a Swift string holds as one character.)
        let newline = text.contains("\r\n") ? "\r\n" : "\n"
        var lines = text.components(separatedBy: newline)
        let header = lines[0].components(separatedBy: ",")
        for (line, column, cell) in edits {
            try #require(line >= 2 && line <= lines.count)
            let c = try #require(header.firstIndex(of: column))
            var fields = lines[line - 1].components(separatedBy: ",")
            fields[c] = cell
            lines[line - 1] = fields.joined(separator: ",")
        }
        try lines.joined(separator: newline).write(to: file, atomically: true, encoding: .utf8)
        return dir
    }

    func copyOfProvinceSample() throws -> URL {
        let source = packageRoot.appendingPathComponent("samples/province-small")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaohe-unread-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: dir)
        return dir
    }

    /// A what-if or sweep base keeps the columns its variant names; a variant that names a
    /// column the base did not keep is read afresh, so its scores are still those of a fresh run.
    /// A text column (产业类别) and an amount (备案投资额) that the scheme does not read but a
    /// variant does.
    @Test(arguments: [("产业类别", "indicators.亿元项目.where=本年签约 and 亿元以上 and 产业类别 == '装备制造'"),
                      ("备案投资额", "indicators.亿元项目.where=本年签约 and 亿元以上 and 备案投资额 != none")])
    func variantsNamingAnUnreadColumn(_ column: String, _ set: String) throws {
        let cap = CapturedIO()
        // Loaded without the variant: the column is not kept.
        let b = try #require(ScenarioBase.load(provinceScheme, data: nil, asOf: nil, io: cap.io()))
        #expect(b.unread["projects"]?.contains(column) == true)
        let doc = try VariantLoader.document(base: b.document, schemePath: provinceScheme, variantPath: nil, sets: [set]).get()
        #expect(!b.sharesLedger(with: doc))
        let scored = try b.score(doc).get()
        // Fresh: the variant compiled and run on its whole ledger.
        let scheme = try #require(SchemeCompiler.compile(doc, file: provinceScheme).scheme)
        let dir = LedgerLoader.dataDirectory(for: scheme, schemeDirectory: b.directory, override: nil)
        let ledger = try LedgerLoader(scheme: scheme, dataDirectory: dir, schemeDirectory: b.directory).load(schemeBytes: []).unwrap()
        var fresh = try Engine(scheme: scheme, ledger: ledger).assess().unwrap()
        fresh.fingerprint = scored.fingerprint
        #expect(AssessmentJSON.render(scored) == AssessmentJSON.render(fresh))
        // Some unit does count fewer 亿元项目 (the condition is not vacuous).
        let before = try #require(b.assessment)
        #expect(zip(scored.units, before.units).contains { $0.item("亿元项目")?.value != $1.item("亿元项目")?.value })
        // Loaded with the variant, the column is kept and the ledger shared.
        let both = try #require(ScenarioBase.load(provinceScheme, data: nil, asOf: nil, io: cap.io(), variant: { base in
            VariantLoader.document(base: base, schemePath: provinceScheme, variantPath: nil, sets: [set])
        }))
        #expect(both.base.unread["projects"]?.contains(column) != true)
        #expect(both.base.sharesLedger(with: doc))
    }
}

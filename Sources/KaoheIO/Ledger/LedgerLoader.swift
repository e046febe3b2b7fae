import Foundation
import Kaohe

/// Reads the units file and every dataset a scheme declares, types every cell, and checks
/// what can only be checked with the data (SPEC §2–§3, §5 "checks at load").
///
/// Every bad cell is reported as `FILE:ROW:COLUMN-NAME: error: …`, all of them.
public struct LedgerLoader {
    public let scheme: Scheme
    /// The folder data file names are resolved against.
    public let dataDirectory: URL
    /// The scheme file's folder (for an inline unit list nothing is read from it).
    public let schemeDirectory: URL

    /// Called with each dataset's name and the time to read and type it, for benchmarks.
    public var phaseTimer: (@Sendable (String, Duration) -> Void)?

    public init(scheme: Scheme, dataDirectory: URL, schemeDirectory: URL) {
        self.scheme = scheme
        self.dataDirectory = dataDirectory
        self.schemeDirectory = schemeDirectory
    }

    /// The data folder: `--data DIR`, else the scheme's `data.dir` relative to the scheme file,
    /// else the scheme's own folder.
    public static func dataDirectory(for scheme: Scheme, schemeDirectory: URL, override: String?) -> URL {
        if let override { return URL(fileURLWithPath: override) }
        if let dir = scheme.data.dir {
            return dir.hasPrefix("/") ? URL(fileURLWithPath: dir) : schemeDirectory.appendingPathComponent(dir)
        }
        return schemeDirectory
    }

    /// A path as the user should read it: relative to the working directory when inside it.
    static func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }

    public func load(schemeBytes: [UInt8]) -> Result<Ledger, Diagnostics> {
        var d = Diagnostics()
        var hasher = SHA256()
        hasher.update(schemeBytes)
        let units = loadUnits(&d, &hasher)
        var unitIndex: [String: Int] = [:]
        for (i, u) in units.enumerated() { unitIndex[u.name] = i }
        var datasets: [String: DatasetData] = [:]
        var targets: [String: [String: LedgerTarget]] = [:]
        var adjustments: [String: [String: [AdjustmentRow]]] = [:]
        for spec in scheme.data.datasets {
            let clock = ContinuousClock()
            let started = clock.now
            defer { phaseTimer?("read " + spec.name, clock.now - started) }
            let url = dataDirectory.appendingPathComponent(spec.file)
            let file = LedgerLoader.display(url)
            let table: RawTable
            var raw: [UInt8] = []
            let read = TableReader.read(url: url, file: file, sheet: spec.sheet, rawBytes: { raw = $0 })
            hasher.update(raw)
            raw = []
            switch read {
            case .failure(let e): d.append(contentsOf: e); continue
            case .success(let t): table = t
            }
            switch spec.kind {
            case .regular:
                if let data = typed(spec, table, unitIndex, &d) { datasets[spec.name] = data }
            case .targets:
                targets = loadTargets(table, unitIndex, &d)
            case .adjustments:
                adjustments = loadAdjustments(table, unitIndex, &d)
            }
        }
        let ledger = Ledger(units: units, datasets: datasets, targets: targets, adjustments: adjustments,
                            fingerprint: "sha256:" + hasher.finish())
        if !d.hasErrors {
            checkTargets(ledger, &d)
            checkTableKeys(ledger, &d)
        }
        return d.hasErrors ? .failure(d) : .success(ledger)
    }

    // MARK: Units

    func loadUnits(_ d: inout Diagnostics, _ hasher: inout SHA256) -> [UnitRecord] {
        let spec = scheme.units
        var units: [UnitRecord] = []
        switch spec.source {
        case .inline(let decls):
            units = decls.map { UnitRecord(name: $0.name, group: $0.group, team: $0.team, columns: $0.columns, location: $0.location) }
        case .file(let path, let sheet):
            let url = dataDirectory.appendingPathComponent(path)
            let file = LedgerLoader.display(url)
            let table: RawTable
            var raw: [UInt8] = []
            let read = TableReader.read(url: url, file: file, sheet: sheet, rawBytes: { raw = $0 })
            hasher.update(raw)
            raw = []
            switch read {
            case .failure(let e): d.append(contentsOf: e); return []
            case .success(let t): table = t
            }
            func col(_ name: String?) -> Int? {
                guard let name else { return nil }
                guard let c = table.columnIndex(name) else {
                    d.error("the units file has no column '\(name)'", at: SourceLocation(file: file, line: table.headerLine),
                            hint: Suggest.nearest(name, in: table.header).map { "did you mean '\($0)'?" } ?? "columns: \(table.header.joined(separator: ", "))")
                    return nil
                }
                return c
            }
            guard let nameCol = col(spec.nameColumn) else { return [] }
            let groupCol = col(spec.groupColumn), teamCol = col(spec.teamColumn)
            var seen: [String: Int] = [:]
            for r in 0..<table.rowCount {
                let name = table.cell(r, nameCol).trimmingCharacters(in: .whitespaces)
                let line = table.line(ofRow: r)
                if name.isEmpty {
                    d.error("empty unit name", at: SourceLocation(file: file, line: line, field: spec.nameColumn))
                    continue
                }
                if let prev = seen[name] {
                    d.error("unit '\(name)' is listed twice (first at row \(prev))", at: SourceLocation(file: file, line: line, field: spec.nameColumn))
                    continue
                }
                seen[name] = line
                var columns: [String: String] = [:]
                for (c, h) in table.header.enumerated() { columns[h] = table.cell(r, c).trimmingCharacters(in: .whitespaces) }
                let group = groupCol.map { table.cell(r, $0).trimmingCharacters(in: .whitespaces) }
                let team = teamCol.map { table.cell(r, $0).trimmingCharacters(in: .whitespaces) }
                if let g = group, !scheme.groups.isEmpty, scheme.group(named: g) == nil {
                    d.error("group '\(g)' of unit '\(name)' is not declared under groups",
                            at: SourceLocation(file: file, line: line, field: spec.groupColumn),
                            hint: Suggest.nearest(g, in: scheme.groups.map(\.name)).map { "did you mean '\($0)'?" })
                }
                units.append(UnitRecord(name: name, group: group.flatMap { $0.isEmpty ? nil : $0 },
                                        team: team.flatMap { $0.isEmpty ? nil : $0 }, columns: columns,
                                        location: SourceLocation(file: file, line: line)))
            }
        }
        if units.isEmpty { d.error("there are no units", at: spec.location) }
        return units
    }

    // MARK: Datasets

    func typed(_ spec: Dataset, _ table: RawTable, _ units: [String: Int], _ d: inout Diagnostics) -> DatasetData? {
        let file = table.file
        var indices: [Int] = []
        var missing = false
        for c in spec.columns {
            guard let i = table.columnIndex(c.name) else {
                d.error("missing column '\(c.name)' (declared in the scheme for dataset \(spec.name))",
                        at: SourceLocation(file: file, line: table.headerLine),
                        hint: Suggest.nearest(c.name, in: table.header).map { "did you mean '\($0)'?" } ?? "the file's columns: \(table.header.joined(separator: ", "))")
                missing = true
                continue
            }
            indices.append(i)
        }
        if missing { return nil }
        let n = table.rowCount
        var credits = [[DatasetData.Credit]](repeating: [], count: n)
        var dates = [Day?](repeating: nil, count: n)
        var lines = [Int](repeating: 0, count: n)
        var keyLines: [Int] = []   // by key code: the line where the key first appears
        let unitIndex = spec.columns.firstIndex { $0.name == spec.unitColumn } ?? -1
        let dateIndex = spec.columns.firstIndex { $0.name == spec.dateColumn } ?? -1
        let keyIndex = spec.columns.firstIndex { $0.name == spec.key } ?? -1
        // The credits of each distinct unit cell, worked out once per distinct text.
        var creditsOf: [Result<[DatasetData.Credit], CellError>?] = []   // by unit-cell code
        var errors = 0
        func error(_ message: String, _ line: Int, _ column: String, hint: String? = nil) {
            errors += 1
            if errors <= 200 { d.error(message, at: SourceLocation(file: file, line: line, field: column), hint: hint) }
        }
        let columnNames = spec.columns.map(\.name)
        let width = spec.columns.count
        for r in 0..<n { lines[r] = table.line(ofRow: r) }
        // Each column is typed on its own (columns in parallel, one per core at a time);
        // errors are then reported row by row, in column order, as a sequential pass would.
        let sharedTable = UncheckedSendable(table)
        let cellColumns = indices
        let typedColumns = parallelMap(width) { k -> (ColumnData, [(Int, String)], Int) in
            // One copy of the table per column (taking it out of the box per cell would retain
            // its arrays for every cell).
            let table = sharedTable.value
            let column = cellColumns[k]
            var builder = ColumnBuilder(type: spec.columns[k].type, optional: spec.columns[k].optional, capacity: n)
            var cellErrors: [(Int, String)] = []
            var count = 0
            for r in 0..<n {
                let appended = table.withCellBytes(r, column) { builder.append($0) }
                if let e = appended.error {
                    count += 1
                    if cellErrors.count <= 200 { cellErrors.append((r, e.message)) }
                }
            }
            return (builder.build(), cellErrors, count)
        }
        var columns: [ColumnData] = []
        var cellErrors: [(row: Int, column: Int, message: String)] = []
        for k in 0..<width {
            let (column, errs, count) = typedColumns[k]
            columns.append(column)
            cellErrors += errs.map { ($0.0, k, $0.1) }
            errors += count - errs.count
        }
        cellErrors.sort { $0.row != $1.row ? $0.row < $1.row : $0.column < $1.column }
        var failed = Set<Int>()   // rows × width + column, for cells that did not parse
        for e in cellErrors {
            error(e.message, lines[e.row], columnNames[e.column])
            failed.insert(e.row * width + e.column)
        }
        if unitIndex >= 0, case .texts(let codes, let dictionary) = columns[unitIndex] {
            creditsOf = Array(repeating: nil, count: dictionary.count)
            for r in 0..<n where codes[r] >= 0 && !failed.contains(r * width + unitIndex) {
                let code = Int(codes[r])
                let result: Result<[DatasetData.Credit], CellError>
                if let known = creditsOf[code] { result = known } else {
                    let name = dictionary[code]
                    if let u = units[name] { result = .success([DatasetData.Credit(unit: u, share: Fixed(1))]) } else {
                        result = CellParser.parseCredit(name, units: units)
                    }
                    creditsOf[code] = result
                }
                switch result {
                case .success(let cr): credits[r] = cr
                case .failure(let e): error(e.message, lines[r], columnNames[unitIndex], hint: e.suggestion.map { "did you mean '\($0)'?" })
                }
            }
        }
        if keyIndex >= 0, case .texts(let codes, let dictionary) = columns[keyIndex] {
            keyLines = Array(repeating: 0, count: dictionary.count)
            for r in 0..<n where codes[r] >= 0 {
                let code = Int(codes[r])
                if keyLines[code] == 0 { keyLines[code] = lines[r] } else {
                    error("duplicate key '\(dictionary[code])' (first at row \(keyLines[code]))", lines[r], columnNames[keyIndex])
                }
            }
        }
        if dateIndex >= 0 {
            for r in 0..<n { if case .date(let day) = columns[dateIndex].value(r) { dates[r] = day } }
        }
        var keys: [String]?
        if keyIndex >= 0 {
            keys = (0..<n).map { r in columns[keyIndex].value(r).isNone ? "" : columns[keyIndex].value(r).description }
            if case .texts = columns[keyIndex] {} else if let keys {
                // A key column that is not text (numbers, dates): duplicates by their text.
                var seen: [String: Int] = [:]
                for r in 0..<n where !keys[r].isEmpty {
                    if let first = seen[keys[r]] { error("duplicate key '\(keys[r])' (first at row \(first))", lines[r], spec.columns[keyIndex].name) } else { seen[keys[r]] = lines[r] }
                }
            }
        }
        if errors > 200 { d.error("\(errors - 200) more errors in \(file)", at: SourceLocation(file: file, line: 0)) }
        return DatasetData(name: spec.name, file: file, columnNames: spec.columns.map(\.name), columns: columns,
                           lines: lines, credits: credits, dates: dates, keys: keys)
    }

    func fixedColumns(_ table: RawTable, _ names: [String], _ d: inout Diagnostics) -> [Int]? {
        var out: [Int] = []
        for n in names {
            guard let i = table.columnIndex(n) else {
                d.error("missing column '\(n)' (this file's columns are \(names.joined(separator: ", ")))",
                        at: SourceLocation(file: table.file, line: table.headerLine))
                return nil
            }
            out.append(i)
        }
        return out
    }

    func checkUnitAndItem(_ table: RawTable, _ r: Int, _ cols: [Int], _ units: [String: Int], _ d: inout Diagnostics) -> (String, String)? {
        let line = table.line(ofRow: r)
        let unit = table.cell(r, cols[0]).trimmingCharacters(in: .whitespaces)
        let item = table.cell(r, cols[1]).trimmingCharacters(in: .whitespaces)
        var ok = true
        if units[unit] == nil {
            d.error("unknown unit '\(unit)'", at: SourceLocation(file: table.file, line: line, field: "单位"),
                    hint: Suggest.nearest(unit, in: Array(units.keys)).map { "did you mean '\($0)'?" })
            ok = false
        }
        if scheme.item(named: item) == nil {
            d.error("unknown item '\(item)'", at: SourceLocation(file: table.file, line: line, field: "指标"),
                    hint: Suggest.nearest(item, in: scheme.items.map(\.name)).map { "did you mean '\($0)'?" })
            ok = false
        }
        return ok ? (unit, item) : nil
    }

    func loadTargets(_ table: RawTable, _ units: [String: Int], _ d: inout Diagnostics) -> [String: [String: LedgerTarget]] {
        guard let cols = fixedColumns(table, ["单位", "指标", "目标"], &d) else { return [:] }
        var out: [String: [String: LedgerTarget]] = [:]
        for r in 0..<table.rowCount {
            guard let (unit, item) = checkUnitAndItem(table, r, cols, units, &d) else { continue }
            let line = table.line(ofRow: r)
            let text = table.cell(r, cols[2])
            guard let v = Fixed(parsing: text, allowSuffix: true, allowGrouping: true) else {
                d.error("'\(text)' is not a target (write a rule literal such as 3亿, 30000万, 12 or 80%)",
                        at: SourceLocation(file: table.file, line: line, field: "目标"))
                continue
            }
            if out[unit]?[item] != nil {
                d.error("a second target for \(unit) / \(item)", at: SourceLocation(file: table.file, line: line, field: "目标"))
                continue
            }
            out[unit, default: [:]][item] = LedgerTarget(value: v, location: SourceLocation(file: table.file, line: line, field: "目标"))
        }
        return out
    }

    func loadAdjustments(_ table: RawTable, _ units: [String: Int], _ d: inout Diagnostics) -> [String: [String: [AdjustmentRow]]] {
        guard let cols = fixedColumns(table, ["单位", "指标", "分数", "理由", "批准人"], &d) else { return [:] }
        var out: [String: [String: [AdjustmentRow]]] = [:]
        for r in 0..<table.rowCount {
            guard let (unit, item) = checkUnitAndItem(table, r, cols, units, &d) else { continue }
            let line = table.line(ofRow: r)
            let text = table.cell(r, cols[2])
            guard let v = Fixed(parsing: text, allowSuffix: false, allowGrouping: false) else {
                d.error("'\(text)' is not a score", at: SourceLocation(file: table.file, line: line, field: "分数"))
                continue
            }
            if scheme.item(named: item)?.score == nil {
                d.error("item '\(item)' has no score to adjust", at: SourceLocation(file: table.file, line: line, field: "指标"))
                continue
            }
            out[unit, default: [:]][item, default: []].append(AdjustmentRow(
                score: v, reason: table.cell(r, cols[3]).trimmingCharacters(in: .whitespaces),
                approver: table.cell(r, cols[4]).trimmingCharacters(in: .whitespaces),
                location: SourceLocation(file: table.file, line: line)))
        }
        return out
    }

    // MARK: Checks that need the data

    /// The checks of a loaded ledger against this scheme, for a variant that reuses the
    /// ledger of its base: targets present, table keys, items named by targets/adjustments.
    public func check(_ ledger: Ledger) -> Diagnostics {
        var d = Diagnostics()
        for (kind, rows) in [("targets", ledger.targets.mapValues { Array($0.keys) }), ("adjustments", ledger.adjustments.mapValues { Array($0.keys) })] {
            for (unit, items) in rows.sorted(by: { $0.key < $1.key }) {
                for item in items.sorted() where scheme.item(named: item) == nil {
                    d.error("the \(kind) file names item '\(item)' (for \(unit)), which the scheme does not have", at: nil)
                }
            }
        }
        if scheme.groups.isEmpty == false {
            for u in ledger.units where u.group.map({ scheme.group(named: $0) == nil }) ?? false {
                d.error("group '\(u.group ?? "")' of unit '\(u.name)' is not declared under groups", at: u.location)
            }
        }
        if !d.hasErrors {
            checkTargets(ledger, &d)
            checkTableKeys(ledger, &d)
        }
        return d
    }

    /// Every item scored on its rate has a target for every unit it applies to.
    func checkTargets(_ ledger: Ledger, _ d: inout Diagnostics) {
        for item in scheme.items {
            guard let score = item.score, score.readsRate, case .lookup = item.target else { continue }
            let missing = ledger.units.filter { u in
                guard item.applies(toGroup: u.group) || scheme.groups.isEmpty else { return false }
                if ledger.targets[u.name]?[item.name] != nil { return false }
                if let g = u.group, scheme.group(named: g)?.targets[item.name] != nil { return false }
                return true
            }.map(\.name)
            if !missing.isEmpty {
                let shown = missing.prefix(5).joined(separator: ", ") + (missing.count > 5 ? " and \(missing.count - 5) more" : "")
                d.error("item \(item.name) is scored on its rate but has no target for \(shown)", at: item.location,
                        hint: "add rows to the targets file, or a target under the unit's group")
            }
        }
    }

    /// Every `T[column]` key that the data can produce exists in the table.
    func checkTableKeys(_ ledger: Ledger, _ d: inout Diagnostics) {
        var uses: [(dataset: String, expr: CompiledExpression)] = []
        for ds in scheme.data.datasets { for c in ds.computed { uses.append((ds.name, c.expression)) } }
        for item in scheme.items {
            if case .aggregate(let a) = item.source {
                if let f = a.filter { uses.append((a.dataset, f)) }
                if let e = a.expression { uses.append((a.dataset, e)) }
            }
        }
        if let dep = scheme.deposits {
            for row in dep.settle {
                uses.append((dep.dataset, row.refund))
                if let w = row.when { uses.append((dep.dataset, w)) }
                if let r = row.reward { uses.append((dep.dataset, r)) }
            }
            if let dd = dep.deduct { uses.append((dep.dataset, dd.amount)); uses.append((dep.dataset, dd.when)) }
        }
        var reported = Set<String>()
        for (dsName, e) in uses {
            guard let data = ledger.datasets[dsName] else { continue }
            e.expression.root.walk { x in
                guard case .index(let base, let key) = x.kind, let t = base.nameValue, let col = key.nameValue,
                      case .map(_, let values)? = scheme.tables[t], let c = data.columnIndex[col] else { return }
                for r in 0..<data.count {
                    let v = data.value(c, r)
                    if v.isNone { continue }
                    let k = v.description
                    if values[k] == nil, reported.insert("\(t)|\(k)").inserted {
                        d.error("\(col) '\(k)' is not a key of table \(t)", at: data.location(ofRecord: r, column: col),
                                hint: "add it to tables.\(t), or correct the cell (keys: \(values.keys.sorted().joined(separator: ", ")))")
                    }
                }
            }
        }
    }
}

import Foundation
import Kaohe

/// Reads the units file and every dataset a scheme declares, types every cell, and checks
/// what can only be checked with the data (SPEC §2–§3, §5 "checks at load").
///
/// Every bad cell is reported as `FILE:ROW:COLUMN-NAME: error: …`, all of them.
public struct LedgerLoader: Sendable {
    public let scheme: Scheme
    /// The folder data file names are resolved against.
    public let dataDirectory: URL
    /// The scheme file's folder (for an inline unit list nothing is read from it).
    public let schemeDirectory: URL

    /// The block and chunk sizes of the CSV reader (tests make them tiny).
    var readSizes = CSVColumnReader.Sizes.standard

    /// Called with each dataset's name and the time to read and type it, for benchmarks.
    public var phaseTimer: (@Sendable (String, Duration) -> Void)?

    /// Columns, by dataset, that are checked but not kept (every cell none): what a command
    /// that reads none of them (``UnreadColumns``) spares itself. Only CSV files read in
    /// blocks honour it; other files keep every column.
    public var unread: [String: Set<String>] = [:]

    /// False: the inputs are not hashed and the ledger's fingerprint is empty, for a command
    /// whose output shows none (hashing a province's 300 MB costs a few per cent of a run).
    public var fingerprint = true

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
        Memory.useMappedLargeBlocks()
        var d = Diagnostics()
        // Files are hashed in order on a queue of their own, while the next ones are parsed.
        let hasher = ConcurrentHasher(enabled: fingerprint)
        hasher.add(schemeBytes)
        // A units file in CSV is read and hashed here, before any dataset (the fingerprint's
        // order), and typed into records on another core while the datasets are read: they
        // need the units only to resolve their unit cells, at the end.
        let pending: Pending<LoadedUnits>
        let loader = self
        if let bytes = unitsBytes() {
            hasher.add(bytes)
            pending = Pending { loader.loadedUnits(bytes: bytes) }
        } else {
            pending = Pending(value: loadedUnits(hasher: hasher))
        }
        let specs = scheme.data.datasets
        var results: [(loaded: Loaded, diagnostics: Diagnostics)] = []
        if specs.count > 1, specs.dropFirst().allSatisfy({ isSmall($0) }) {
            // The first dataset (a province's projects) is read and hashed in order; the others,
            // all small, are read meanwhile on another thread, their bytes kept (a mapped window
            // as it is) and hashed after it in order: the second core is busy while the first
            // file's blocks are split.
            final class Rest: @unchecked Sendable { var results: [(Loaded, Diagnostics, [ConcurrentHasher.Piece])] = [] }
            let rest = Rest()
            let group = DispatchGroup()
            let others = Array(specs.dropFirst())
            DispatchQueue.global().async(group: group) {
                rest.results = others.map { spec in
                    let recorder = ConcurrentHasher(recording: true, enabled: hasher.isEnabled)
                    var dd = Diagnostics()
                    let loaded = loader.loadDataset(spec, pending, recorder, &dd)
                    return (loaded, dd, recorder.recorded)
                }
            }
            var first = Diagnostics()
            let loaded = loadDataset(specs[0], pending, hasher, &first)
            group.wait()
            results.append((loaded, first))
            for (loaded, dd, pieces) in rest.results {
                hasher.add(pieces)
                results.append((loaded, dd))
            }
        } else {
            for spec in specs {
                var dd = Diagnostics()
                results.append((loadDataset(spec, pending, hasher, &dd), dd))
            }
        }
        let loaded = pending.value
        let units = loaded.units, unitIndex = loaded.index
        d.append(contentsOf: loaded.diagnostics)
        var datasets: [String: DatasetData] = [:]
        var targets: [String: [String: LedgerTarget]] = [:]
        var adjustments: [String: [String: [AdjustmentRow]]] = [:]
        var adjustmentsByItem: [String: [Int: [AdjustmentRow]]]?
        for (spec, (loaded, dd)) in zip(specs, results) {
            d.append(contentsOf: dd)
            switch loaded {
            case .nothing: break
            case .regular(let data): datasets[spec.name] = data
            case .targets(let t): targets = t
            case .adjustments(let byUnit, let byItem):
                adjustments = byUnit
                adjustmentsByItem = byItem
            }
        }
        // (The last files may still be being hashed: the fingerprint is waited for when shown.)
        var ledger = Ledger(units: units, datasets: datasets, targets: targets, adjustments: adjustments,
                            pendingFingerprint: fingerprint ? Pending { "sha256:" + hasher.finish() } : nil, unitIndex: unitIndex)
        if let adjustmentsByItem { ledger.prepareAdjustmentsByItem(adjustmentsByItem) }
        if !d.hasErrors {
            checkTargets(ledger, &d)
            checkTableKeys(ledger, &d)
        }
        return d.hasErrors ? .failure(d) : .success(ledger)
    }

    /// What one dataset gave.
    enum Loaded {
        case nothing
        case regular(DatasetData)
        case targets([String: [String: LedgerTarget]])
        case adjustments(byUnit: [String: [String: [AdjustmentRow]]], byItem: [String: [Int: [AdjustmentRow]]])
    }

    /// Reads one dataset, its bytes handed to `hasher`; `units` is waited for only once the
    /// dataset's cells are typed.
    func loadDataset(_ spec: Dataset, _ units: Pending<LoadedUnits>, _ hasher: ConcurrentHasher,
                     _ d: inout Diagnostics) -> Loaded {
        let clock = ContinuousClock()
        let started = clock.now
        defer { phaseTimer?("read " + spec.name, clock.now - started) }
        let url = dataDirectory.appendingPathComponent(spec.file)
        let file = LedgerLoader.display(url)
        if spec.kind == .regular, spec.sheet == nil, TableReader.textExtensions.contains(url.pathExtension.lowercased()) {
            guard let data = typedCSV(spec, url, file, units, hasher, &d) else { return .nothing }
            return .regular(data)
        }
        let table: RawTable
        switch TableReader.read(url: url, file: file, sheet: spec.sheet, rawBytes: { hasher.add($0) }) {
        case .failure(let e): d.append(contentsOf: e); return .nothing
        case .success(let t): table = t
        }
        switch spec.kind {
        case .regular: return typed(spec, table, units.value.names, &d).map { .regular($0) } ?? .nothing
        case .targets: return .targets(loadTargets(table, units.value, &d))
        case .adjustments:
            let a = loadAdjustments(table, units.value, &d)
            return .adjustments(byUnit: a.byUnit, byItem: a.byItem)
        }
    }

    /// Whether a dataset's file is small enough (64 MB) for its bytes to be kept until hashed.
    func isSmall(_ spec: Dataset) -> Bool {
        let url = dataDirectory.appendingPathComponent(spec.file)
        // (`stat` itself: FileManager's attributes looked the file's owner and group up in
        // /etc/passwd and /etc/group, a few milliseconds a file before any was read.)
        var info = stat()
        let size = stat(url.path, &info) == 0 ? Int(info.st_size) : 0
        return size <= 64 << 20
    }

    // MARK: Units

    /// The units, by name and by the bytes of their names, and the errors of reading them.
    struct LoadedUnits: Sendable {
        var units: [UnitRecord]
        var index: [String: Int]
        var names: UnitNames
        var diagnostics: Diagnostics

        /// `index`: the units' numbers by name, when made already.
        init(_ units: [UnitRecord], _ diagnostics: Diagnostics, index known: [String: Int]? = nil) {
            var index: [String: Int] = [:]
            if let known {
                index = known
            } else {
                index.reserveCapacity(units.count)
                for (i, u) in units.enumerated() { index[u.name] = i }
            }
            self.units = units
            self.index = index
            names = UnitNames(index)
            self.diagnostics = diagnostics
        }
    }

    /// The bytes of a units file in CSV (nil for an inline list, a workbook, or a file that
    /// cannot be read, whose error ``loadUnits(_:_:bytes:)`` reports).
    func unitsBytes() -> [UInt8]? {
        guard case .file(let path, nil) = scheme.units.source else { return nil }
        let url = dataDirectory.appendingPathComponent(path)
        guard TableReader.textExtensions.contains(url.pathExtension.lowercased()), FileBytes.isRegularFile(url),
              case .success(let bytes) = FileBytes.read(url, file: LedgerLoader.display(url)) else { return nil }
        return bytes
    }

    /// The units, from the units file's `bytes` (read already).
    func loadedUnits(bytes: [UInt8]) -> LoadedUnits {
        var d = Diagnostics()
        let (units, index) = loadUnits(&d, ConcurrentHasher(enabled: false), bytes: bytes)
        return LoadedUnits(units, d, index: index)
    }

    /// The units, their file's bytes handed to `hasher`.
    func loadedUnits(hasher: ConcurrentHasher) -> LoadedUnits {
        var d = Diagnostics()
        let (units, index) = loadUnits(&d, hasher)
        return LoadedUnits(units, d, index: index)
    }

    /// The units, their file's bytes handed to `hasher` (`bytes`: the file's, read already,
    /// of a CSV file).
    /// The units, and from a file their numbers by name (nil for an inline list).
    func loadUnits(_ d: inout Diagnostics, _ hasher: ConcurrentHasher, bytes: [UInt8]? = nil) -> (units: [UnitRecord], index: [String: Int]?) {
        let spec = scheme.units
        var units: [UnitRecord] = []
        var index: [String: Int]?
        switch spec.source {
        case .inline(let decls):
            // (Without `groups:` every unit is in one unnamed group; the compiler warned of any
            // group given.)
            let grouped = !scheme.groups.isEmpty
            units = decls.map { UnitRecord(name: $0.name, group: grouped ? $0.group : nil, team: $0.team, columns: $0.columns, location: $0.location) }
        case .file(let path, let sheet):
            let url = dataDirectory.appendingPathComponent(path)
            let file = LedgerLoader.display(url)
            let table: RawTable
            let read = bytes.map { CSVReader.read(bytes: $0, file: file) }
                ?? TableReader.read(url: url, file: file, sheet: sheet, rawBytes: { hasher.add($0) })
            switch read {
            case .failure(let e): d.append(contentsOf: e); return ([], nil)
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
            guard let nameCol = col(spec.nameColumn) else { return ([], nil) }
            let groupCol = col(spec.groupColumn), teamCol = col(spec.teamColumn)
            // Each unit's number by name (the ledger's index), a name hashed once per unit.
            var numbers: [String: Int] = [:]
            numbers.reserveCapacity(table.rowCount)
            units.reserveCapacity(table.rowCount)
            // Each unit's columns: a copy of one dictionary of the header's names whose values
            // are replaced in place (inserting Chinese names into a fresh dictionary per unit
            // hashed every one of them again; a copy keeps their hashes).
            var template: [String: String] = [:]
            for h in table.header { template[h] = "" }
            // (A header name given twice: its last column's cell, as inserting each in turn gave.)
            let header = table.header
            let slots = header.indices.compactMap { c in
                header.lastIndex(of: header[c]) == c ? template.index(forKey: header[c]).map { (c, $0) } : nil
            }
            /// The value in place (inserting it first when absent): one hash for a look-up and
            /// an insertion.
            func stored(_ value: inout Int) -> Int { value }
            var declared: String?   // the last group found declared
            for r in 0..<table.rowCount {
                // Every cell of the row, read and trimmed once.
                let cells = header.indices.map { TextTrimming.trimmed(table.cell(r, $0)) }
                let name = cells[nameCol]
                let line = table.line(ofRow: r)
                if name.isEmpty {
                    d.error("empty unit name", at: SourceLocation(file: file, line: line, field: spec.nameColumn))
                    continue
                }
                let first = stored(&numbers[name, default: units.count])
                if first != units.count {
                    d.error("unit '\(name)' is listed twice (first at row \(units[first].location.line))",
                            at: SourceLocation(file: file, line: line, field: spec.nameColumn))
                    continue
                }
                var columns = template
                for (c, slot) in slots { columns.values[slot] = cells[c] }
                var group = groupCol.map { cells[$0] }
                let team = teamCol.map { cells[$0] }
                // (SPEC §5: a scheme without `groups:` puts every unit in one unnamed group; the
                // compiler warned of the group column.)
                if scheme.groups.isEmpty { group = nil }
                if let g = group, g != declared, !scheme.groups.isEmpty, scheme.group(named: g) != nil {
                    declared = g
                } else if let g = group, g != declared, !scheme.groups.isEmpty {
                    d.error("group '\(g)' of unit '\(name)' is not declared under groups",
                            at: SourceLocation(file: file, line: line, field: spec.groupColumn),
                            hint: Suggest.nearest(g, in: scheme.groups.map(\.name)).map { "did you mean '\($0)'?" })
                }
                units.append(UnitRecord(name: name, group: group.flatMap { $0.isEmpty ? nil : $0 },
                                        team: team.flatMap { $0.isEmpty ? nil : $0 }, columns: columns,
                                        location: SourceLocation(file: file, line: line)))
            }
            index = numbers
        }
        if units.isEmpty { d.error("there are no units", at: spec.location) }
        return (units, index)
    }

    // MARK: Datasets

    /// The indices in the header of the dataset's declared columns; nil (with an error for each
    /// one missing) when some are not there.
    func columnIndices(_ spec: Dataset, header: [String], headerLine: Int, file: String, _ d: inout Diagnostics) -> [Int]? {
        var indices: [Int] = []
        var missing = false
        var byName: [String: Int] = [:]
        for (i, name) in header.enumerated() where byName[name] == nil { byName[name] = i }
        for c in spec.columns {
            guard let i = byName[c.name] ?? byName[TextTrimming.trimmed(c.name)] else {
                d.error("missing column '\(c.name)' (declared in the scheme for dataset \(spec.name))",
                        at: SourceLocation(file: file, line: headerLine),
                        hint: Suggest.nearest(c.name, in: header).map { "did you mean '\($0)'?" } ?? "the file's columns: \(header.joined(separator: ", "))")
                missing = true
                continue
            }
            indices.append(i)
        }
        return missing ? nil : indices
    }

    /// A CSV dataset, read straight into typed columns (``CSVColumnReader``): block by block
    /// when the file is UTF-8, else whole by the general reader.
    func typedCSV(_ spec: Dataset, _ url: URL, _ file: String, _ pending: Pending<LoadedUnits>, _ hasher: ConcurrentHasher,
                  _ d: inout Diagnostics) -> DatasetData? {
        var units: UnitNames { pending.value.names }
        let fd = FileBytes.isRegularFile(url) ? open(url.path, O_RDONLY) : -1
        if fd >= 0 {
            defer { close(fd) }
            var missing = Diagnostics()
            let streamed = CSVColumnReader.stream(fd, file: file, hasher: hasher, sizes: readSizes) { header in
                guard let indices = columnIndices(spec, header: header.names, headerLine: header.line, file: file, &missing) else { return nil }
                let unread = self.unread[spec.name] ?? []
                return zip(spec.columns, indices).map {
                    CSVColumnReader.Column(index: $1, type: $0.type, optional: $0.optional, stored: !unread.contains($0.name))
                }
            }
            switch streamed {
            case .typed(.success(let typed)): return finish(spec, file, typed, units, &d)
            case .typed(.failure(let e)): d.append(contentsOf: e); return nil
            case .unresolved: d.append(contentsOf: missing); return nil
            case .whole: break
            }
        }
        let bytes: [UInt8]
        switch FileBytes.read(url, file: file) {
        case .failure(let e): d.append(contentsOf: e); return nil
        case .success(let b): bytes = b
        }
        hasher.add(bytes)
        guard let start = TextDecoding.utf8Start(bytes) else {
            // Another encoding, or an error to report: the general reader.
            switch CSVReader.read(bytes: bytes, file: file) {
            case .failure(let e): d.append(contentsOf: e); return nil
            case .success(let table): return typed(spec, table, units, &d)
            }
        }
        return bytes.withUnsafeBufferPointer { whole -> DatasetData? in
            let text = UnsafeBufferPointer(rebasing: whole[start...])
            guard text.count < Int(Int32.max) / 2 else {
                d.error("the file is too large (over 1 GB) to be read", at: SourceLocation(file: file, line: 0))
                return nil
            }
            let header: CSVColumnReader.Header
            switch CSVColumnReader.header(text, file: file) {
            case .failure(let e): d.append(contentsOf: e); return nil
            case .success(let h): header = h
            }
            if header.diagnostics.hasErrors { d.append(contentsOf: header.diagnostics); return nil }
            guard let indices = columnIndices(spec, header: header.names, headerLine: header.line, file: file, &d) else { return nil }
            let columns = zip(spec.columns, indices).map { CSVColumnReader.Column(index: $1, type: $0.type, optional: $0.optional) }
            switch CSVColumnReader.read(text, header: header, columns: columns, file: file) {
            case .failure(let e): d.append(contentsOf: e); return nil
            case .success(let typed): return finish(spec, file, typed, units, &d)
            }
        }
    }

    /// A dataset from a table of text cells (an XLSX sheet, or a CSV file in another encoding).
    func typed(_ spec: Dataset, _ table: RawTable, _ units: UnitNames, _ d: inout Diagnostics) -> DatasetData? {
        guard let indices = columnIndices(spec, header: table.header, headerLine: table.headerLine, file: table.file, &d) else { return nil }
        let n = table.rowCount
        let width = spec.columns.count
        // Each column is typed on its own (columns in parallel, one per core at a time);
        // errors are then reported row by row, in column order, as a sequential pass would.
        let sharedTable = UncheckedSendable(table)
        let typedColumns = parallelMap(width) { k -> (ColumnData, [(Int, String)], Int) in
            // One copy of the table per column (taking it out of the box per cell would retain
            // its arrays for every cell).
            let table = sharedTable.value
            let column = indices[k]
            var builder = ColumnBuilder(type: spec.columns[k].type, optional: spec.columns[k].optional, capacity: n)
            var cellErrors: [(Int, String)] = []
            var count = 0
            for r in 0..<n {
                if let e = table.withCellBytes(r, column, { builder.append($0) }) {
                    count += 1
                    if cellErrors.count < CSVColumnReader.keptErrors { cellErrors.append((r, e.message)) }
                }
            }
            return (builder.build(), cellErrors, count)
        }
        var cellErrors: [(row: Int, column: Int, message: String)] = []
        var count = 0
        for k in 0..<width {
            cellErrors += typedColumns[k].1.map { ($0.0, k, $0.1) }
            count += typedColumns[k].2
        }
        cellErrors.sort { $0.row != $1.row ? $0.row < $1.row : $0.column < $1.column }
        let typed = CSVColumnReader.Typed(columns: typedColumns.map(\.0), lines: (0..<n).map { table.line(ofRow: $0) },
                                          cellErrors: Array(cellErrors.prefix(CSVColumnReader.keptErrors)), cellErrorCount: count)
        return finish(spec, table.file, typed, units, &d)
    }

    /// The dataset of typed columns: cell errors reported, unit cells turned into credits, keys
    /// checked for duplicates.
    func finish(_ spec: Dataset, _ file: String, _ typed: CSVColumnReader.Typed, _ units: UnitNames,
                _ d: inout Diagnostics) -> DatasetData? {
        let columns = typed.columns
        let lines = typed.lines
        let n = lines.count
        let unitIndex = spec.columns.firstIndex { $0.name == spec.unitColumn } ?? -1
        let dateIndex = spec.columns.firstIndex { $0.name == spec.dateColumn }
        let keyIndex = spec.columns.firstIndex { $0.name == spec.key }
        var errors = 0
        func error(_ message: String, _ line: Int, _ column: String, hint: String? = nil) {
            errors += 1
            if errors <= 200 { d.error(message, at: SourceLocation(file: file, line: line, field: column), hint: hint) }
        }
        let columnNames = spec.columns.map(\.name)
        for e in typed.cellErrors { error(e.message, lines[e.row], columnNames[e.column]) }
        errors += typed.cellErrorCount - typed.cellErrors.count

        // Repeated keys of a column kept cell by cell are looked for on another core meanwhile.
        final class Found: @unchecked Sendable { var repeated: [(row: Int, first: Int)] = [] }
        let found = Found()
        let searching = DispatchGroup()
        if let keyIndex, case .texts(let codes, let dictionary) = columns[keyIndex], !dictionary.isUnique {
            DispatchQueue.global().async(group: searching) {
                found.repeated = RepeatedTexts.find(codes: codes, dictionary: dictionary)
            }
        }
        var credits = CreditTable()
        if unitIndex >= 0, case .texts(let codes, let dictionary) = columns[unitIndex] {
            // The credits of each distinct unit cell, worked out once per distinct text, on all
            // cores: looked up by its bytes first (hashing a Chinese `String` normalises it),
            // then read as shared credit from its bytes ("城关镇 60%、河西镇 40%"), then by name,
            // then read as shared credit by names (which gives the errors).
            enum Resolved { case unit(Int32), shared([DatasetData.Credit]), failed(CellError) }
            let distinct = dictionary.count
            let pieces = distinct < 4096 ? 1 : 8
            let resolved = parallelMap(pieces) { k -> [Resolved] in
                (distinct * k / pieces..<distinct * (k + 1) / pieces).map { code in
                    if let u = dictionary.withBytes(code, { units.unit(named: $0) }) { return .unit(u) }
                    if !units.nameHoldsSeparator,
                       let cr = dictionary.withBytes(code, { CellParser.parseCredit(bytes: $0, unit: units.unit(named:)) }) {
                        return .shared(cr)
                    }
                    let name = dictionary[code]
                    if let u = units.byName[name] { return .unit(Int32(u)) }
                    switch CellParser.parseCredit(name, units: units.byName) {
                    case .success(let cr): return .shared(cr)
                    case .failure(let e): return .failed(e)
                    }
                }
            }.flatMap { $0 }
            // Each record's credits by its cell's code (a shared list kept once per cell); the
            // cells that could not be read, reported record by record.
            credits = CreditTable(codes: codes, ofCode: resolved.map { r -> [DatasetData.Credit]? in
                switch r {
                case .unit(let u): return [DatasetData.Credit(unit: Int(u), share: Fixed(1))]
                case .shared(let cr): return cr
                case .failed: return nil
                }
            })
            let failures = resolved.map { r -> CellError? in
                if case .failed(let e) = r { return e }
                return nil
            }
            if failures.contains(where: { $0 != nil }) {
                for r in 0..<n {
                    let code = Int(codes[r])
                    guard code >= 0, let e = failures[code] else { continue }
                    error(e.message, lines[r], columnNames[unitIndex], hint: e.suggestion.map { "did you mean '\($0)'?" })
                }
            }
        } else {
            credits.reserveCapacity(n)
            for _ in 0..<n { credits.appendNone() }
        }
        if let keyIndex {
            if case .texts(let codes, let dictionary) = columns[keyIndex], !dictionary.isUnique {
                searching.wait()
                for (r, first) in found.repeated {
                    error("duplicate key '\(dictionary[Int(codes[r])])' (first at row \(lines[first]))", lines[r], columnNames[keyIndex])
                }
            } else if case .texts(let codes, let dictionary) = columns[keyIndex] {
                var keyLines = [Int](repeating: 0, count: dictionary.count)   // by code: where it first appears
                for r in 0..<n where codes[r] >= 0 {
                    let code = Int(codes[r])
                    if keyLines[code] == 0 { keyLines[code] = lines[r] } else {
                        error("duplicate key '\(dictionary[code])' (first at row \(keyLines[code]))", lines[r], columnNames[keyIndex])
                    }
                }
            } else {
                // A key column that is not text (numbers, dates): duplicates by their text.
                var seen: [String: Int] = [:]
                for r in 0..<n {
                    let v = columns[keyIndex].value(r)
                    if v.isNone { continue }
                    let key = v.description
                    if let first = seen[key] { error("duplicate key '\(key)' (first at row \(first))", lines[r], columnNames[keyIndex]) } else { seen[key] = lines[r] }
                }
            }
        }
        if errors > 200 { d.error("\(errors - 200) more errors in \(file)", at: SourceLocation(file: file, line: 0)) }
        return DatasetData(name: spec.name, file: file, columnNames: columnNames, columns: columns, lines: lines,
                           credits: credits, dateColumn: dateIndex, keyColumn: keyIndex)
    }

    /// The scheme's items by name (a lookup per row of the targets and adjustments files).
    var itemNames: [String: Int] {
        var names: [String: Int] = [:]
        for (i, item) in scheme.items.enumerated() where names[item.name] == nil { names[item.name] = i }
        return names
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

    /// The item named last, by the text of its cell: a targets or adjustments file names one
    /// item for many rows in a row, and a Chinese name hashes slowly; texts with the same bytes
    /// are the same name.
    struct LastItem {
        var text = ""
        var index = -1

        mutating func index(of text: String, in names: [String: Int]) -> Int? {
            if index >= 0, self.text.hasSameUTF8(as: text) { return index }
            guard let i = names[text] else { return nil }
            self.text = text
            index = i
            return i
        }
    }

    /// Row `r`'s unit and item, by name and number; nil, with an error for each that is not
    /// known, when one is not.
    /// (The unit is looked up by its name's bytes first: a Chinese name hashes slowly as a
    /// `String`, by its Unicode normalisation, and a province's adjustments have a row for each
    /// of 20,000 units. A name spelled with other bytes for the same text is found by `String`.)
    func checkUnitAndItem(_ table: RawTable, _ r: Int, _ cols: [Int], _ units: LoadedUnits, _ itemNames: [String: Int],
                          _ last: inout LastItem, _ d: inout Diagnostics) -> (unit: String, u: Int, item: String, i: Int)? {
        let line = table.line(ofRow: r)
        var unit = TextTrimming.trimmed(table.cell(r, cols[0]))
        let item = TextTrimming.trimmed(table.cell(r, cols[1]))
        let u = unit.withUTF8 { units.names.unit(named: $0) }.map(Int.init) ?? units.index[unit]
        if u == nil {
            d.error("unknown unit '\(unit)'", at: SourceLocation(file: table.file, line: line, field: "单位"),
                    hint: Suggest.nearest(unit, in: Array(units.index.keys)).map { "did you mean '\($0)'?" })
        }
        let i = last.index(of: item, in: itemNames)
        if i == nil {
            d.error("unknown item '\(item)'", at: SourceLocation(file: table.file, line: line, field: "指标"),
                    hint: Suggest.nearest(item, in: scheme.items.map(\.name)).map { "did you mean '\($0)'?" })
        }
        guard let u, let i else { return nil }
        return (unit, u, item, i)
    }

    /// A number cell of the targets or adjustments file: a plain decimal (`8`, `-0.5`) read
    /// straight from its bytes, anything else by the strict parser (which reads those the same).
    static func number(_ text: String, allowSuffix: Bool, allowGrouping: Bool) -> Fixed? {
        var text = text
        if let v = text.withUTF8({ Fixed.parsePlain($0) }) { return v }
        return Fixed(parsing: text, allowSuffix: allowSuffix, allowGrouping: allowGrouping)
    }

    func loadTargets(_ table: RawTable, _ units: LoadedUnits, _ d: inout Diagnostics) -> [String: [String: LedgerTarget]] {
        guard let cols = fixedColumns(table, ["单位", "指标", "目标"], &d) else { return [:] }
        let itemNames = self.itemNames
        var out: [String: [String: LedgerTarget]] = [:]
        var last = LastItem()
        for r in 0..<table.rowCount {
            guard let (unit, _, item, _) = checkUnitAndItem(table, r, cols, units, itemNames, &last, &d) else { continue }
            let line = table.line(ofRow: r)
            let text = table.cell(r, cols[2])
            guard let v = LedgerLoader.number(text, allowSuffix: true, allowGrouping: true) else {
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

    /// The adjustments by unit name, then item name (the ledger's form), and by item name,
    /// then unit number (what scoring reads, ``Ledger/adjustmentsByItem``): rows in file order.
    func loadAdjustments(_ table: RawTable, _ units: LoadedUnits, _ d: inout Diagnostics)
        -> (byUnit: [String: [String: [AdjustmentRow]]], byItem: [String: [Int: [AdjustmentRow]]]) {
        guard let cols = fixedColumns(table, ["单位", "指标", "分数", "理由", "批准人"], &d) else { return ([:], [:]) }
        let itemNames = self.itemNames
        // Gathered by item and unit number: each row's names hashed once (a province's file
        // has a row for each of 20,000 units), each item's name once at the end.
        var rows = [[Int: [AdjustmentRow]]](repeating: [:], count: scheme.items.count)
        var unitNames: [Int: String] = [:]
        var last = LastItem()
        for r in 0..<table.rowCount {
            guard let (unit, u, item, i) = checkUnitAndItem(table, r, cols, units, itemNames, &last, &d) else { continue }
            let line = table.line(ofRow: r)
            let text = table.cell(r, cols[2])
            guard let v = LedgerLoader.number(text, allowSuffix: false, allowGrouping: false) else {
                d.error("'\(text)' is not a score", at: SourceLocation(file: table.file, line: line, field: "分数"))
                continue
            }
            if scheme.items[i].score == nil {
                d.error("item '\(item)' has no score to adjust", at: SourceLocation(file: table.file, line: line, field: "指标"))
                continue
            }
            unitNames[u] = unit
            rows[i][u, default: []].append(AdjustmentRow(
                score: v, reason: TextTrimming.trimmed(table.cell(r, cols[3])),
                approver: TextTrimming.trimmed(table.cell(r, cols[4])),
                location: SourceLocation(file: table.file, line: line)))
        }
        // (Room made first: each growth hashed every unit's name again.)
        var byUnit: [String: [String: [AdjustmentRow]]] = [:]
        byUnit.reserveCapacity(unitNames.count)
        var byItem: [String: [Int: [AdjustmentRow]]] = [:]
        for (i, rowsOfItem) in rows.enumerated() where !rowsOfItem.isEmpty {
            let name = scheme.items[i].name
            byItem[name] = rowsOfItem
            for (u, r) in rowsOfItem {
                if let unit = unitNames[u] { byUnit[unit, default: [:]][name] = r }
            }
        }
        return (byUnit, byItem)
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
        let items = scheme.items.filter { item in
            guard let score = item.score, score.readsRate, case .lookup = item.target else { return false }
            return true
        }
        guard !items.isEmpty else { return }
        // Per unit once: its targets row and its group, as a number (a province has tens of
        // thousands of units in a few groups; a Chinese name hashes slowly, so each unit's
        // group is looked up once, by its bytes when it is the previous unit's, and what an
        // item's target needs per group once per item). The targets rows are put by unit
        // number: one lookup per row of the targets file, not one per unit.
        // (Fields read once into arrays: iterating the units themselves copies each record.)
        let names = ledger.units.map(\.name)
        var unitTargets = [[String: LedgerTarget]?](repeating: nil, count: names.count)
        for (name, rows) in ledger.targets { if let u = ledger.unitIndex[name] { unitTargets[u] = rows } }
        var groupNumber: [String: Int] = [:]
        var groupNames: [String?] = [nil]   // number 0: no group
        var lastGroup = "", lastNumber = 0
        let unitGroup = ledger.units.map { u -> Int in
            guard let g = u.group else { return 0 }
            if lastNumber > 0, g.hasSameUTF8(as: lastGroup) { return lastNumber }
            let k: Int
            if let known = groupNumber[g] {
                k = known
            } else {
                groupNames.append(g)
                k = groupNames.count - 1
                groupNumber[g] = k
            }
            (lastGroup, lastNumber) = (g, k)
            return k
        }
        var specs: [String: GroupSpec] = [:]
        for g in scheme.groups where specs[g.name] == nil { specs[g.name] = g }
        let groupSpecs = groupNames.map { g in g.flatMap { specs[$0] } }
        for item in items {
            // Whether the item applies to each group, and whether the group gives it a target.
            let applies = groupNames.map { item.applies(toGroup: $0) || scheme.groups.isEmpty }
            let groupTarget = groupSpecs.map { $0?.targets[item.name] != nil }
            var missing: [String] = []
            for k in names.indices {
                let g = unitGroup[k]
                guard applies[g] else { continue }
                if unitTargets[k]?[item.name] != nil { continue }
                if groupTarget[g] { continue }
                missing.append(names[k])
            }
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
                /// Key `k`, missing, reported once at record `r`.
                func report(_ k: String, _ r: Int) {
                    guard reported.insert("\(t)|\(k)").inserted else { return }
                    d.error("\(col) '\(k)' is not a key of table \(t)", at: data.location(ofRecord: r, column: col),
                            hint: "add it to tables.\(t), or correct the cell (\(LedgerLoader.keysHint(values, k)))")
                }
                if case .texts(let codes, let dictionary) = data.columns[c], dictionary.isUnique {
                    // Each distinct text looked up once (a province's deposits repeat a few 职务
                    // over 60,000 records, and a Chinese text hashes slowly), then the first
                    // record of each missing one found by its code.
                    var missing = [Bool](repeating: false, count: dictionary.count)
                    var anyMissing = false
                    for code in 0..<dictionary.count where values[dictionary[code]] == nil {
                        missing[code] = true
                        anyMissing = true
                    }
                    guard anyMissing else { return }
                    for r in 0..<codes.count {
                        let code = Int(codes[r])
                        guard code >= 0, missing[code] else { continue }
                        missing[code] = false
                        report(dictionary[code], r)
                    }
                    return
                }
                for r in 0..<data.count {
                    let v = data.value(c, r)
                    if v.isNone { continue }
                    let k = v.description
                    if values[k] == nil { report(k, r) }
                }
            }
        }
        checkUnitTableKeys(ledger, &reported, &d)
    }

    /// The keys of a table for a hint: all of them when there are a few, else the nearest to
    /// `key` (a table keyed by unit has thousands).
    static func keysHint(_ values: [String: Value], _ key: String) -> String {
        let keys = values.keys.sorted()
        if keys.count <= 12 { return "keys: " + keys.joined(separator: ", ") }
        let near = Suggest.nearest(key, in: keys).map { "did you mean '\($0)'? " } ?? ""
        return near + "\(keys.count) keys, from '\(keys[0])' to '\(keys[keys.count - 1])'"
    }

    /// The unit-level side of ``checkTableKeys(_:_:)``: `T[unit]`, `T[group]`, `T[team]` and
    /// `T[unit.COLUMN]` in an item's value, score or veto, a grade, a ranking key, a reward, a
    /// penalty, a title or the deposits' rules, for every unit it applies to (SPEC §5: every key that data can
    /// produce exists). Other keys (an item's value) are known only when scored.
    func checkUnitTableKeys(_ ledger: Ledger, _ reported: inout Set<String>, _ d: inout Diagnostics) {
        let units = scheme.units
        for (e, item) in LedgerLoader.unitLevelExpressions(scheme) {
            e.expression.root.walk { x in
                guard case .index(let base, let key) = x.kind, let t = base.nameValue,
                      case .map(_, let values)? = scheme.tables[t] else { return }
                // The key's text for each unit, and the column of the units file it comes from.
                let field: String?
                let keyOf: (UnitRecord) -> String?
                switch key.kind {
                case .name("unit"): field = units.nameColumn; keyOf = { $0.name }
                case .name("group"): field = units.groupColumn; keyOf = { $0.group }
                case .name("team"): field = units.teamColumn; keyOf = { $0.team }
                case .member(let b, let column) where b.nameValue == "unit": field = column; keyOf = { $0.columns[column] }
                default: return
                }
                for u in ledger.units where item?.applies(toGroup: u.group) ?? true {
                    guard let k = keyOf(u), values[k] == nil, reported.insert("\(t)|\(k)").inserted else { continue }
                    var at = u.location
                    if at.column == nil { at.field = field }   // (a units file's row; inline units keep their YAML position)
                    let what = key.nameValue == "unit" ? "unit '\(k)'" : "\(field ?? key.nameValue ?? "key") '\(k)' of unit '\(u.name)'"
                    d.error("\(what) is not a key of table \(t)", at: at,
                            hint: "add it to tables.\(t), or correct the units file (\(LedgerLoader.keysHint(values, k)))")
                }
            }
        }
    }

    /// What ``checkUnitTableKeys(_:_:_:)`` checks of a scheme, as text: each `T[key]` of a
    /// unit-level expression with the groups its item applies to (a variant whose text differs
    /// from its base's is checked again against the ledger).
    public static func unitTableKeys(_ scheme: Scheme) -> [String] {
        var out: [String] = []
        for (e, item) in unitLevelExpressions(scheme) {
            e.expression.root.walk { x in
                guard case .index(let base, let key) = x.kind, let t = base.nameValue, case .map? = scheme.tables[t] else { return }
                out.append("\(t)[\(e.expression.text(of: key))]@\(item?.groups?.joined(separator: ",") ?? "*")")
            }
        }
        return out
    }

    /// The scheme's expressions worked out per unit (or per deposit record, with the unit's
    /// names), with the item each belongs to.
    static func unitLevelExpressions(_ scheme: Scheme) -> [(expr: CompiledExpression, item: Item?)] {
        var uses: [(expr: CompiledExpression, item: Item?)] = []
        for item in scheme.items {
            if case .derived(let e) = item.source { uses.append((e, item)) }
            if case .formula(let e)? = item.score { uses.append((e, item)) }
            if let w = item.veto?.when { uses.append((w, item)) }
        }
        for g in scheme.grades { if let w = g.when { uses.append((w, nil)) } }
        for k in scheme.ranking.by { uses.append((k.expression, nil)) }
        for r in scheme.rewards {
            if case .expression(let e) = r.amount { uses.append((e, nil)) }
            if let w = r.when { uses.append((w, nil)) }
        }
        for c in scheme.penalties + scheme.titles { uses.append((c.when, nil)) }
        // (The deposits' expressions are read per deposit record, with the unit's names too.)
        if let dep = scheme.deposits {
            if let b = dep.basis { uses.append((b, nil)) }
            for row in dep.settle {
                uses.append((row.refund, nil))
                if let w = row.when { uses.append((w, nil)) }
                if let r = row.reward { uses.append((r, nil)) }
            }
            if let dd = dep.deduct { uses.append((dd.when, nil)); uses.append((dd.amount, nil)) }
        }
        return uses
    }
}

/// The units by name, for the unit cells of every dataset: by `String`, and by the bytes of the
/// name (hashing a Chinese `String` normalises it first, which made looking up two million unit
/// cells by `String` slow). Made once per load.
struct UnitNames: Sendable {
    let byName: [String: Int]
    private var interner: ByteInterner
    private var unitOfCode: [Int32] = []
    /// Whether some unit's name holds a list separator (`、 , ， ; ；`): a cell naming it might
    /// then be found by name only after being read as a list, so shared credit is read by names.
    let nameHoldsSeparator: Bool

    init(_ byName: [String: Int]) {
        self.byName = byName
        var interner = ByteInterner(capacity: byName.count)
        var unitOfCode: [Int32] = []
        unitOfCode.reserveCapacity(byName.count)
        var separator = false
        // (One pass over the names, each read in place: no array of its bytes made.)
        for (name, u) in byName {
            var name = name
            name.withUTF8 { b in
                // (By bytes: `%`, `％` EF BC 85.)
                if !separator, b.indices.contains(where: { i in
                    CellParser.separatorLength(b, at: i) > 0 || b[i] == 0x25
                        || (i + 2 < b.count && b[i] == 0xEF && b[i + 1] == 0xBC && b[i + 2] == 0x85)
                }) {
                    separator = true
                }
                if interner.intern(b).isNew { unitOfCode.append(Int32(u)) }
            }
        }
        self.interner = interner
        self.unitOfCode = unitOfCode
        nameHoldsSeparator = separator
    }

    /// The unit whose name is exactly these bytes.
    func unit(named bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        interner.find(bytes).map { unitOfCode[Int($0)] }
    }
}

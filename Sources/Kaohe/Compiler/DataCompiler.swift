extension SchemeCompiler {
    static let datasetKeys = ["file", "sheet", "key", "unit", "date", "credit", "columns", "computed"]
    static let targetsColumns: [(String, ColumnType)] = [("单位", .unit), ("指标", .text), ("目标", .text)]
    static let adjustmentsColumns: [(String, ColumnType)] = [("单位", .unit), ("指标", .text), ("分数", .number), ("理由", .text), ("批准人", .text)]

    mutating func compileData(_ node: DocNode?, info: SchemeInfo?) -> DataSpec {
        guard let node, let pairs = node.pairs else {
            if let node { d.error("data must be a mapping of datasets", at: node.location) }
            return DataSpec(dir: nil, datasets: [])
        }
        var dir: String?
        for pair in pairs {
            let name = pair.key.text
            if name == "dir" {
                dir = text(pair.value, "data.dir")
                continue
            }
            if let ds = compileDataset(name, pair, rates: info?.rates ?? [:]) {
                datasets.append(ds)
                for c in ds.columns where columnOwners[c.name] == nil { columnOwners[c.name] = name }
            }
        }
        // Computed columns, once every dataset's columns are known.
        for i in datasets.indices {
            guard let pair = pairs.first(where: { $0.key.text == datasets[i].name }),
                  let computed = pair.value["computed"] else { continue }
            guard let entries = computed.pairs else {
                d.error("computed must be a mapping {name: expression}", at: computed.location)
                continue
            }
            for e in entries {
                if datasets[i].column(named: e.key.text) != nil {
                    d.error("computed column '\(e.key.text)' has the name of a declared column", at: e.keyLocation)
                    continue
                }
                guard let scope = recordScope(datasets[i].name),
                      let x = expression(e.value, scope, what: "computed column \(e.key.text)") else { continue }
                datasets[i].computed.append(ComputedColumn(name: e.key.text, expression: x, location: e.keyLocation))
                if columnOwners[e.key.text] == nil { columnOwners[e.key.text] = datasets[i].name }
            }
        }
        return DataSpec(dir: dir, datasets: datasets)
    }

    mutating func compileDataset(_ name: String, _ pair: DocPair, rates: [String: Fixed]) -> Dataset? {
        let kind: Dataset.Kind = name == "targets" ? .targets : name == "adjustments" ? .adjustments : .regular
        let known = kind == .regular ? SchemeCompiler.datasetKeys : ["file", "sheet"]
        let what = "dataset \(name)"
        if let s = pair.value.scalar, kind != .regular {
            // `targets: targets.csv` is short for `targets: {file: targets.csv}`.
            return fixedDataset(name, kind, file: s.text, sheet: nil, at: pair.keyLocation)
        }
        guard let f = Fields(pair.value, known: known, what: what, &d) else { return nil }
        guard let fileNode = f["file"], let file = text(fileNode, "\(what).file") else {
            d.error("\(what) has no file", at: pair.keyLocation)
            return nil
        }
        let sheet = f["sheet"].flatMap { text($0, "\(what).sheet") }
        if kind != .regular { return fixedDataset(name, kind, file: file, sheet: sheet, at: pair.keyLocation) }
        var columns: [Column] = []
        if let cnode = f["columns"] {
            guard let entries = cnode.pairs else {
                d.error("\(what).columns must be a mapping {column: type}", at: cnode.location)
                return nil
            }
            for e in entries {
                guard let t = text(e.value, "type of column \(e.key.text)") else { continue }
                if let (type, optional) = columnType(t, rates: rates, at: e.value.location) {
                    columns.append(Column(name: e.key.text, type: type, optional: optional, location: e.keyLocation))
                }
            }
        } else {
            d.error("\(what) declares no columns", at: pair.keyLocation,
                    hint: "list the columns the rules read, with their types: columns: {单位: unit, 金额: 万元}")
        }
        func declared(_ key: String) -> String? {
            guard let n = f[key], let c = text(n, "\(what).\(key)") else { return nil }
            if !columns.isEmpty, !columns.contains(where: { $0.name == c }) {
                d.error("\(what).\(key): '\(c)' is not a declared column", at: n.location,
                        hint: Suggest.nearest(c, in: columns.map(\.name)).map { "did you mean '\($0)'?" })
            }
            return c
        }
        let key = declared("key")
        var unitColumn = declared("unit")
        if unitColumn == nil { unitColumn = columns.first { $0.type == .unit }?.name }
        if let u = unitColumn, let col = columns.first(where: { $0.name == u }), col.type != .unit, col.type != .text {
            d.error("\(what).unit: column '\(u)' is \(col.type), not unit", at: col.location)
        }
        let date = declared("date")
        if let dc = date, let col = columns.first(where: { $0.name == dc }), col.type != .date {
            d.error("\(what).date: column '\(dc)' is \(col.type), not date", at: col.location)
        }
        var credit = Dataset.Credit.split
        if let c = f["credit"], let v = choice(c, "\(what).credit", Dataset.Credit.self, ["split", "full"]) { credit = v }
        return Dataset(name: name, kind: .regular, file: file, sheet: sheet, key: key, unitColumn: unitColumn,
                       dateColumn: date, credit: credit, columns: columns, computed: [], location: pair.keyLocation)
    }

    func fixedDataset(_ name: String, _ kind: Dataset.Kind, file: String, sheet: String?, at loc: SourceLocation) -> Dataset {
        let cols = (kind == .targets ? SchemeCompiler.targetsColumns : SchemeCompiler.adjustmentsColumns)
            .map { Column(name: $0.0, type: $0.1, optional: false, location: loc) }
        return Dataset(name: name, kind: kind, file: file, sheet: sheet, key: nil, unitColumn: "单位", dateColumn: nil,
                       credit: .full, columns: cols, computed: [], location: loc)
    }

    static let columnTypeNames = ["text", "number", "date", "bool", "list", "unit", "元", "万元", "亿元"]

    /// `万元`, `date?`, `美元`, `万美元` … → the type and whether it may be empty.
    mutating func columnType(_ spelled: String, rates: [String: Fixed], at loc: SourceLocation) -> (ColumnType, Bool)? {
        var t = spelled.trimmingSpaces
        let optional = t.hasSuffix("?") || t.hasSuffix("？")
        if optional { t.removeLast() }
        switch t {
        case "text": return (.text, optional)
        case "number": return (.number, optional)
        case "date": return (.date, optional)
        case "bool": return (.bool, optional)
        case "list": return (.list, optional)
        case "unit": return (.unit, optional)
        default: break
        }
        var scale = Fixed(1)
        var currency = t
        if currency.hasPrefix("万") { scale = Fixed(10_000); currency.removeFirst() } else if currency.hasPrefix("亿") { scale = Fixed(100_000_000); currency.removeFirst() }
        if currency == "元" { return (.money(name: t, factor: scale), optional) }
        if let rate = rates[currency], let factor = try? scale.multiplied(by: rate) {
            return (.money(name: t, factor: factor), optional)
        }
        let all = SchemeCompiler.columnTypeNames + rates.keys.sorted()
        let hint = Suggest.nearest(t, in: all).map { "did you mean '\($0)'?" }
            ?? "types: \(all.joined(separator: ", ")), with ? when the cell may be empty; a foreign currency needs scheme.rates"
        d.error("unknown column type '\(spelled)'", at: loc, hint: hint)
        return nil
    }

    // MARK: units:

    static let unitsKeys = ["file", "sheet", "name", "group", "team"]

    mutating func compileUnits(_ node: DocNode?, at rootLocation: SourceLocation) -> UnitsSpec? {
        guard let node else {
            d.error("the scheme has no 'units:' (a file, or a list of {name, group, team})", at: rootLocation)
            return nil
        }
        if let elements = node.elements {
            var decls: [UnitDeclaration] = []
            var seen = Set<String>()
            for e in elements {
                if let s = e.scalar {
                    decls.append(UnitDeclaration(name: s.text, group: nil, team: nil, columns: [:], location: e.location))
                    continue
                }
                guard let pairs = e.pairs else {
                    d.error("a unit must be a mapping {name, group, team}", at: e.location)
                    continue
                }
                var name: String?, group: String?, team: String?
                var columns: [String: String] = [:]
                for p in pairs {
                    guard let v = text(p.value, "unit \(p.key.text)") else { continue }
                    switch p.key.text {
                    case "name": name = v
                    case "group": group = v
                    case "team": team = v
                    default: columns[p.key.text] = v
                    }
                }
                guard let name else {
                    d.error("a unit has no name", at: e.location)
                    continue
                }
                if !seen.insert(name).inserted { d.error("unit '\(name)' is listed twice", at: e.location) }
                decls.append(UnitDeclaration(name: name, group: group, team: team, columns: columns, location: e.location))
            }
            return UnitsSpec(source: .inline(decls), nameColumn: "name", groupColumn: "group", teamColumn: "team", location: node.location)
        }
        guard let f = Fields(node, known: SchemeCompiler.unitsKeys, what: "units", &d) else { return nil }
        guard let fileNode = f["file"], let file = text(fileNode, "units.file") else {
            d.error("units needs a file (or an inline list of units)", at: node.location)
            return nil
        }
        // (`groups: {}` declares none either: the loader goes by the groups compiled.)
        let declaresGroups = top?["groups"].map { !($0.pairs?.isEmpty ?? true) || !($0.elements?.isEmpty ?? true) } ?? false
        if let g = f["group"], !declaresGroups {
            // SPEC §5: a scheme without `groups:` puts every unit in one unnamed group (the
            // loader drops the groups the file gives).
            d.warning("units.group names a column, but the scheme declares no groups: every unit is ranked in one unnamed group",
                      at: f.keyLocation("group") ?? g.location, hint: "declare the groups under groups: to rank and target units within them")
        }
        return UnitsSpec(source: .file(path: file, sheet: f["sheet"].flatMap { text($0, "units.sheet") }),
                         nameColumn: f["name"].flatMap { text($0, "units.name") } ?? "单位",
                         groupColumn: f["group"].flatMap { text($0, "units.group") },
                         teamColumn: f["team"].flatMap { text($0, "units.team") },
                         location: node.location)
    }

    mutating func checkUnitGroups(_ decls: [UnitDeclaration], hasGroups: Bool) {
        guard hasGroups else {
            // SPEC §5: a scheme without `groups:` puts every unit in one unnamed group (the
            // loader drops the groups given).
            let given = decls.filter { $0.group != nil }
            if let first = given.first {
                d.warning("\(given.count) units are given a group, but the scheme declares no groups: every unit is ranked in one unnamed group",
                          at: first.location, hint: "declare the groups under groups: to rank and target units within them")
            }
            return
        }
        for u in decls {
            guard let g = u.group else {
                d.error("unit '\(u.name)' has no group", at: u.location)
                continue
            }
            if !groupNames.contains(g) {
                d.error("unit '\(u.name)': group '\(g)' is not declared under groups", at: u.location,
                        hint: Suggest.nearest(g, in: groupNames).map { "did you mean '\($0)'?" })
            }
        }
    }

    // MARK: groups:

    mutating func compileGroups(_ node: DocNode?) -> [GroupSpec] {
        guard let node else { return [] }
        if let names = node.elements {
            return names.compactMap { n in text(n, "group").map { GroupSpec(name: $0, label: nil, targets: [:], location: n.location) } }
        }
        guard let pairs = node.pairs else {
            d.error("groups must be a mapping {group: {targets: {…}}}", at: node.location)
            return []
        }
        var out: [GroupSpec] = []
        for p in pairs {
            var g = GroupSpec(name: p.key.text, label: nil, targets: [:], location: p.keyLocation)
            if let f = Fields(p.value, known: ["targets", "label"], what: "group \(p.key.text)", &d) {
                g.label = f["label"].flatMap { text($0, "label") }
                if let t = f["targets"] {
                    if let entries = t.pairs {
                        for e in entries {
                            if let v = number(e.value, "target \(e.key.text) of \(p.key.text)") {
                                g.targets[e.key.text] = GroupSpec.Target(value: v, location: e.value.location, keyLocation: e.keyLocation)
                            }
                        }
                    } else {
                        d.error("targets must be a mapping {item: target}", at: t.location)
                    }
                }
            }
            out.append(g)
        }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

import Foundation
import ZIPFoundation

/// The parts of an XLSX file (a ZIP archive) that the reader needs, found through their
/// relationships rather than by their usual names.
///
/// `_rels/.rels` names the workbook part; the workbook's relationships name each sheet's part,
/// the shared strings and the styles. A relationship's target is relative to the folder of the
/// part that owns it, or absolute when it starts with `/` (openpyxl writes `/xl/worksheets/…`).
struct XLSXPackage {
    /// A sheet of the workbook, in the workbook's order.
    struct Sheet: Sendable {
        var name: String
        /// The path of its part in the archive, e.g. `xl/worksheets/sheet1.xml`; nil for a
        /// chart sheet or a sheet whose relationship is missing.
        var path: String?
    }

    /// Why a package cannot be read.
    struct Failure: Error {
        var message: String
    }

    let archive: Archive
    private(set) var sheets: [Sheet] = []
    private(set) var date1904 = false
    private(set) var sharedStringsPath: String?
    private(set) var stylesPath: String?

    init(url: URL) throws(Failure) {
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw Failure(message: "not an XLSX file (it cannot be opened as a ZIP archive)")
        }
        var workbookPath = "xl/workbook.xml"
        if let rootRels = try part("_rels/.rels") {
            for relation in Self.relationships(rootRels) where relation.type.hasSuffix("/officeDocument") {
                workbookPath = Self.resolve(relation.target, from: "")
            }
        }
        guard let workbook = try part(workbookPath) else {
            throw Failure(message: "not an XLSX file (it has no workbook part \(workbookPath))")
        }
        let folder = workbookPath.split(separator: "/").dropLast().joined(separator: "/")
        let fileName = workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/" + fileName + ".rels"
        var targets: [String: (type: String, path: String)] = [:]
        if let rels = try part(relsPath) {
            for relation in Self.relationships(rels) {
                let path = Self.resolve(relation.target, from: folder)
                targets[relation.id] = (relation.type, path)
                if relation.type.hasSuffix("/sharedStrings") { sharedStringsPath = path }
                if relation.type.hasSuffix("/styles") { stylesPath = path }
            }
        }
        workbook.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer: buffer)
            loop: while true {
                switch scanner.next() {
                case .end: break loop
                case .startTag:
                    if scanner.nameIs("workbookPr") {
                        let value = scanner.attributeText("date1904") ?? "0"
                        date1904 = value == "1" || value == "true"
                    } else if scanner.nameIs("sheet") {
                        let name = scanner.attributeText("name") ?? ""
                        var path: String?
                        if let id = scanner.attributeText("id"), let target = targets[id],
                           target.type.hasSuffix("/worksheet") {
                            path = target.path
                        }
                        sheets.append(Sheet(name: name, path: path))
                    }
                default: break
                }
            }
        }
    }

    /// The bytes of a part, or nil when the archive has no such part.
    func part(_ path: String) throws(Failure) -> [UInt8]? {
        guard let entry = archive[path] else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(clamping: entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { data in bytes.append(contentsOf: data) }
        } catch {
            throw Failure(message: "the XLSX file is damaged (its part \(path) cannot be unpacked)")
        }
        return bytes
    }

    /// The `<Relationship>` elements of a `.rels` part.
    static func relationships(_ bytes: [UInt8]) -> [(id: String, type: String, target: String)] {
        var found: [(id: String, type: String, target: String)] = []
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer: buffer)
            while case let token = scanner.next(), token != .end {
                if token == .startTag, scanner.nameIs("Relationship"),
                   let id = scanner.attributeText("Id"), let target = scanner.attributeText("Target") {
                    if scanner.attributeText("TargetMode") == "External" { continue }
                    found.append((id, scanner.attributeText("Type") ?? "", target))
                }
            }
        }
        return found
    }

    /// A relationship target as a path in the archive.
    static func resolve(_ target: String, from folder: String) -> String {
        var components: [Substring]
        if target.hasPrefix("/") {
            components = []
        } else {
            components = folder.split(separator: "/")
        }
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }
}

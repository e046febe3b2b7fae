import Foundation
import Kaohe

/// Reads a CSV ledger's records straight into typed columns, in parallel over chunks of the file.
///
/// This is the fast path behind ``LedgerLoader`` for CSV datasets: instead of first splitting
/// the whole file into a table of cell offsets (``RawTable``, 8 bytes per cell: 200 MB for two
/// million projects) and then typing each column, each chunk of records is split and typed in
/// one pass while its bytes are still in the cache, and the chunks' columns are joined in file
/// order (``ColumnBuilder/merge(_:)``). The result, its errors and their order are those of the
/// sequential reader (``CSVReader`` then per-column typing).
///
/// **Chunks** end just after a line feed chosen so that the number of quote characters before it
/// is even — outside a quoted field in any well-formed file. A chunk that ends inside a quoted
/// field anyway (an unterminated quote at its end: a stray quote character earlier) proves the
/// guess wrong, and the whole body is then read again as one chunk, which gives exactly the
/// sequential reader's result and errors.
enum CSVColumnReader {
    /// One requested column: its index in the header (nil: not in the file, all cells empty),
    /// its type, and whether it may be empty.
    struct Column {
        var index: Int?
        var type: ColumnType
        var optional: Bool
        /// False: a text column checked but not kept (see ``LedgerLoader/unread``).
        var stored = true
    }

    /// The typed records of a file.
    struct Typed {
        /// The requested columns' data, in the order requested.
        var columns: [ColumnData]
        /// The line on which each record starts.
        var lines: [Int]
        /// The first cells (in row, then column order) that did not parse: row, requested
        /// column, message.
        var cellErrors: [(row: Int, column: Int, message: String)]
        /// How many cells did not parse in all (more than `cellErrors` holds when many did).
        var cellErrorCount: Int
    }

    /// The header of a decoded file, and where its records begin.
    struct Header {
        var names: [String]
        var line: Int
        var delimiter: UInt8
        /// The offset of the first byte after the header record.
        var bodyStart: Int
        /// The line of `bodyStart`.
        var bodyLine: Int
        /// Empty or repeated header names (reported with the body's errors).
        var diagnostics: Diagnostics
    }

    /// The most cell errors kept per chunk (the loader reports 200 in all).
    static let keptErrors = 201

    /// Reads the header of UTF-8 text; a failure when there is none.
    static func header(_ buffer: UnsafeBufferPointer<UInt8>, file: String) -> Result<Header, Diagnostics> {
        let delimiter = CSVReader.detectDelimiter(buffer)
        var parser = CSVParser(buffer: buffer, delimiter: delimiter, file: file)
        guard let (names, line) = CSVReader.readHeader(&parser, file: file) else { return .failure(parser.diagnostics) }
        return .success(Header(names: names, line: line, delimiter: delimiter, bodyStart: parser.position,
                               bodyLine: parser.line, diagnostics: parser.diagnostics))
    }

    /// Reads and types every record after the header; a failure for a file whose structure is
    /// broken (quotes, too many fields, a bad header), as ``CSVReader`` reports it.
    static func read(_ buffer: UnsafeBufferPointer<UInt8>, header: Header, columns: [Column], file: String) -> Result<Typed, Diagnostics> {
        let chunks = parse(buffer, from: header.bodyStart, header: header, columns: columns, file: file, isLast: true)
            ?? [Chunk.read(buffer, from: header.bodyStart, to: buffer.count, header: header, columns: columns, file: file)]
        return assemble(chunks, header: header, columns: columns, file: file)
    }

    /// The records of `buffer[from...]` (whole records only), typed in parallel chunks; nil when
    /// a chunk other than the very last of the file ended inside a quoted field (the chunks
    /// were cut in the wrong places, and the caller reads the file as one chunk instead).
    /// `quoteFree`: the records are known to hold no quote (their quotes are not counted again).
    /// `pool`: where the chunks' builders are taken from, when it has them.
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, header: Header, columns: [Column], file: String,
                      isLast: Bool, chunkBytes: Int = Sizes.standard.chunk, quoteFree: Bool = false,
                      pool: ChunkBuilderPool? = nil) -> [Chunk]? {
        let shared = UncheckedSendable(buffer)
        let bounds = chunkBounds(buffer, from: from, chunkBytes: chunkBytes, quoteFree: quoteFree)
        let chunks = parallelMap(bounds.count - 1) { k in
            Chunk.read(shared.value, from: bounds[k], to: bounds[k + 1], header: header, columns: columns, file: file, pool: pool)
        }
        if (isLast ? chunks.dropLast() : chunks[...]).contains(where: \.endedInQuote) { return nil }
        return chunks
    }

    /// The records of all chunks, in order, with their lines and errors.
    static func assemble(_ chunks: [Chunk], header: Header, columns: [Column], file: String,
                         folded: [ColumnBuilder]? = nil) -> Result<Typed, Diagnostics> {
        // Each chunk counted lines from 1; shift them to the file's lines.
        var diagnostics = header.diagnostics
        var base = header.bodyLine
        var bases: [Int] = []
        for chunk in chunks {
            bases.append(base)
            for var d in chunk.diagnostics.items {
                if var location = d.location { location.line += base - 1; d.location = location }
                diagnostics.append(d)
            }
            for (line, fields) in chunk.longRecords {
                diagnostics.error("line \(line + base - 1) has \(fields) fields, but the header has \(header.names.count)",
                                  at: SourceLocation(file: file, line: line + base - 1),
                                  hint: "a field that holds a comma must be quoted: \"1,200\"")
            }
            base += chunk.lineCount
        }
        if diagnostics.hasErrors { return .failure(diagnostics) }

        var cellErrors: [(row: Int, column: Int, message: String)] = []
        var cellErrorCount = 0
        var rowBases: [Int] = []
        var rows = 0
        for chunk in chunks {
            rowBases.append(rows)
            for e in chunk.cellErrors where cellErrors.count < keptErrors {
                cellErrors.append((rows + e.row, e.column, e.message))
            }
            cellErrorCount += chunk.cellErrorCount
            rows += chunk.lines.count
        }
        // Each record's line, the chunks' stretches written on all cores (the pages of two
        // million lines are fresh memory, which the kernel zeroes as it is first written).
        let chunkLines = chunks.map(\.lines)
        let lines = [Int](unsafeUninitializedCapacity: rows) { buffer, count in
            let out = UncheckedSendable(buffer)
            _ = parallelMap(chunks.count) { k -> Int in
                let base = bases[k] - 1
                var at = rowBases[k]
                // (Each core makes its stretch's fresh pages resident at once: ``PagePopulation``.)
                if let start = out.value.baseAddress { PagePopulation.populate(start + at, count: chunkLines[k].count) }
                for l in chunkLines[k] {
                    out.value.baseAddress.map { ($0 + at).initialize(to: Int(l) + base) }
                    at += 1
                }
                return 0
            }
            count = rows
        }
        // Each column's parts are taken out of the box as it is merged, so that they are freed
        // column by column rather than all at the end.
        let merged: [ColumnData]
        if let folded {
            // (On all cores: an unread column's cells are made there, as fresh memory.)
            merged = parallelMap(folded.count) { c in folded[c].build() }
        } else {
            let parts = Parts(chunks.map(\.builders))
            merged = parallelMap(columns.count) { c in ColumnBuilder.merge(parts.take(c)) }
        }
        return .success(Typed(columns: merged, lines: lines, cellErrors: cellErrors, cellErrorCount: cellErrorCount))
    }

    /// The chunks' builders, column by column, handed out once each.
    final class Parts: @unchecked Sendable {
        private let lock = NSLock()
        private var columns: [[ColumnBuilder]]

        init(_ chunks: [[ColumnBuilder]]) {
            let width = chunks.first?.count ?? 0
            columns = (0..<width).map { c in chunks.map { $0[c] } }
        }

        func take(_ c: Int) -> [ColumnBuilder] {
            lock.lock()
            defer { lock.unlock() }
            let out = columns[c]
            columns[c] = []
            return out
        }
    }

    // MARK: Reading a file block by block

    /// What ``stream(_:file:hasher:resolve:)`` found.
    enum Streamed {
        /// The file's records (or its errors).
        case typed(Result<Typed, Diagnostics>)
        /// The declared columns are not all in the header (`resolve` reported it).
        case unresolved
        /// The file is not plain UTF-8 (or its quotes fooled the chunking): it must be read
        /// whole by the general reader. Nothing of it was hashed.
        case whole
    }

    /// How much of a file is read at a time, and how much of it one chunk holds (tests use
    /// tiny sizes, to cut records and quoted fields at every place).
    struct Sizes: Sendable {
        var block = 32 << 20
        var chunk = 4 << 20
        /// False: a regular file is read into buffers as a pipe is, not mapped (for tests).
        var mapped = true
        static let standard = Sizes()
    }

    /// Reads a UTF-8 CSV file from `fd` block by block, typing the whole records of each block
    /// while the next is read, so that the file's bytes are never all in memory at once (a
    /// province's 260 MB of projects would otherwise double the reader's peak memory). Each
    /// block is handed to `hasher` in order. `resolve` maps the header to the columns wanted,
    /// reporting those that are missing (nil).
    static func stream(_ fd: Int32, file: String, hasher: ConcurrentHasher, sizes: Sizes = .standard,
                       resolve: (Header) -> [Column]?) -> Streamed {
        let mark = hasher.snapshot()
        var header: Header?
        var columns: [Column] = []
        var chunks: [Chunk] = []
        var first = true
        var bom = false
        var unresolved = false
        let joiner = ColumnJoiner()
        var pool: ChunkBuilderPool?
        var consumed = 0, rows = 0, expected = 0
        var offset = 0                // bytes read from the file so far (read, not mapped)
        var info = stat()
        let statted = fstat(fd, &info) == 0
        let size = statted ? max(0, Int(info.st_size)) : 0
        // A regular file is read through mapped windows (``FileWindow``: no copy, no zeroed
        // pages); anything else into two buffers in turn, one read and typed while the other
        // may still be hashed.
        let mapped = sizes.mapped && statted && (info.st_mode & S_IFMT) == S_IFREG && size > 0
        var window: FileWindow?       // the window typed last, and where it starts in the file
        var windowStart = 0
        var prefetch: WindowPrefetch? // the next window, being mapped
        defer { _ = prefetch?.take() }
        var blocks: [ByteBlock] = []
        var last = -1                 // the block read last
        var carry = 0..<0             // the unfinished record of the last window or block
        while true {
            // The block: the unfinished record of the last one, then new bytes.
            let kept = carry.count
            var atEnd = false
            let region: UnsafeBufferPointer<UInt8>
            if mapped {
                let start = windowStart + carry.lowerBound
                let count = min(kept + max(1 << 16, sizes.block), size - start)
                // The last window let go (once hashed) before the next is taken: its unfinished
                // record is mapped again from the file. The next was mapped (`prefetch`) while
                // the last was typed, so two windows at a time are ours.
                hasher.wait()
                window = nil
                let ahead = prefetch.flatMap { $0.offset == start && $0.count == count ? $0.take() : nil }
                _ = prefetch?.take()
                prefetch = nil
                guard let next = ahead ?? FileWindow(fd: fd, offset: start, count: count) else {
                    hasher.restore(mark)
                    return .whole
                }
                window = next
                windowStart = start
                atEnd = start + count >= size
                hasher.add(next, from: kept)
                region = next.buffer
            } else {
                // (No more room than the rest of the file needs, and one byte to see its end.)
                let room = kept + max(1 << 16, min(sizes.block, size - offset + 1))
                let next = (last + 1) % 2
                // Room for a little more than asked (a block's unfinished record moves to the
                // next, so the room asked for varies by a record): a buffer made again is mapped
                // and zeroed again by the kernel, which cost a tenth of reading the projects.
                let made = room < (4 << 20) ? room : (room + (4 << 20)) & ~((2 << 20) - 1)
                if blocks.count <= next {
                    blocks.append(ByteBlock(capacity: made))
                } else {
                    hasher.wait()
                    if blocks[next].capacity < room { blocks[next] = ByteBlock(capacity: made) }
                }
                let block = blocks[next]
                if kept > 0 { block.base.update(from: blocks[last].base + carry.lowerBound, count: kept) }
                block.count = kept
                var failed = false
                while block.count < room {
                    let n = Foundation.read(fd, block.base + block.count, room - block.count)
                    if n < 0 { if errno == EINTR { continue }; failed = true; break }
                    if n == 0 { atEnd = true; break }
                    block.count += n
                    offset += n
                }
                last = next
                if failed { hasher.restore(mark); return .whole }
                hasher.add(block, from: kept)
                region = block.buffer
            }
            if first {
                first = false
                if region.count >= 2, (region[0] == 0xFF && region[1] == 0xFE) || (region[0] == 0xFE && region[1] == 0xFF) {
                    hasher.restore(mark)
                    return .whole
                }
                bom = region.count >= 3 && region[0] == 0xEF && region[1] == 0xBB && region[2] == 0xBF
            }
            let start = header == nil && bom ? 3 : 0
            let outcome = { (whole: UnsafeBufferPointer<UInt8>) -> Bool in
                // Whole records only: up to the last line feed outside quotes. The bytes up to
                // the last line feed are checked first: valid UTF-8, and no NUL byte unless the
                // file began with a byte order mark. The same pass counts their quotes; with
                // none, that line feed is the cut, and the chunks need no count of quotes.
                let end = atEnd ? whole.count : lastLineFeed(whole, from: start)
                guard end > start || atEnd else {
                    carry = 0..<whole.count
                    return true
                }
                let checked = UTF8Validation.checkCountingQuotes(UnsafeBufferPointer(rebasing: whole[start..<end]))
                let quoteFree = checked.quotes == 0
                let cut = atEnd || quoteFree ? end : lastRecordEnd(whole, from: start, to: end, quotes: checked.quotes)
                if !checked.valid || (!bom && checked.hasNul) {
                    // Only the whole records are this block's to check: a bad byte past the cut
                    // (in a quoted field the next block finishes) is the next block's, so that
                    // what this block holds (a header missing a column) is reported first.
                    guard cut < end else { return false }
                    let records = UTF8Validation.check(UnsafeBufferPointer(rebasing: whole[start..<cut]))
                    guard records.valid, bom || !records.hasNul else { return false }
                }
                guard cut > start || atEnd else {
                    carry = 0..<whole.count
                    return true
                }
                if mapped, !atEnd {
                    // The next window (as the loop above will ask for it) mapped while this one is typed.
                    let next = windowStart + cut
                    prefetch = WindowPrefetch(fd: fd, offset: next, count: min(whole.count - cut + max(1 << 16, sizes.block), size - next))
                }
                let records = UnsafeBufferPointer(rebasing: whole[0..<cut])
                var from = start
                if header == nil {
                    let text = UnsafeBufferPointer(rebasing: records[start...])
                    guard case .success(var h) = CSVColumnReader.header(text, file: file) else { return false }
                    h.bodyStart += start
                    header = h
                    from = h.bodyStart
                    guard !h.diagnostics.hasErrors else { return false }
                    guard let c = resolve(h) else {
                        unresolved = true
                        return false
                    }
                    columns = c
                }
                if pool == nil { pool = ChunkBuilderPool(columns: columns.count) }
                guard let h = header, var parsed = parse(records, from: from, header: h, columns: columns, file: file,
                                                         isLast: atEnd, chunkBytes: sizes.chunk, quoteFree: quoteFree,
                                                         pool: pool) else { return false }
                // The block's columns, appended to the file's (column by column in parallel),
                // so that only one block's worth of chunk columns is ever held.
                let blockParts = Parts(parsed.map(\.builders))
                for k in parsed.indices { parsed[k].builders = [] }
                consumed += cut - start
                rows += parsed.reduce(0) { $0 + $1.lines.count }
                // Room for the whole file's records is reserved once, from the first block, with
                // a margin: reserved pages cost nothing until written, while growing an array
                // later would copy it (and hold both copies for a moment).
                if expected == 0 { expected = atEnd ? rows : max(rows, rows * size / max(1, consumed) * 5 / 4) }
                let wanted = columns, expectedCells = expected
                joiner.append(blockParts, count: columns.count, expectedCells: expectedCells, pool: pool) {
                    wanted.map { ColumnBuilder(type: $0.type, optional: $0.optional, capacity: expectedCells, stored: $0.stored) }
                }
                chunks += parsed
                carry = cut..<whole.count
                return true
            }(region)
            withExtendedLifetime(window) {}   // (mapped until its records are typed)
            if !outcome {
                hasher.restore(mark)
                return unresolved ? .unresolved : .whole
            }
            if atEnd { break }
        }
        let folded = joiner.finish()
        guard let header else { hasher.restore(mark); return .whole }
        return .typed(assemble(chunks, header: header, columns: columns, file: file, folded: folded))
    }

    /// The offset just after the last line feed of `buffer[from...]`; `from` when there is none.
    static func lastLineFeed(_ buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = buffer.count - 1
        while i >= from {
            if buffer[i] == CSVParser.lf { return i + 1 }
            i -= 1
        }
        return from
    }

    /// The offset just after the last line feed of `buffer[from..<to]` that stands outside
    /// quotes, by the parity of the `quotes` quote characters of `buffer[from..<to]`; `from`
    /// when there is none.
    static func lastRecordEnd(_ buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int, quotes total: Int) -> Int {
        var quotes = total & 1
        var i = to - 1
        while i >= from {
            let b = buffer[i]
            if b == CSVParser.quote { quotes ^= 1 } else if b == CSVParser.lf && quotes == 0 { return i + 1 }
            i -= 1
        }
        return from
    }

    /// Where the chunks begin and end: `bodyStart`, some offsets just after a line feed, and
    /// the end. One chunk for a small body.
    /// `quoteFree`: the buffer is known to hold no quote from `bodyStart` on.
    static func chunkBounds(_ buffer: UnsafeBufferPointer<UInt8>, from bodyStart: Int, chunkBytes: Int = Sizes.standard.chunk,
                            quoteFree: Bool = false) -> [Int] {
        let size = buffer.count - bodyStart
        let wanted = min(8, max(1, size / max(1, chunkBytes)))
        guard wanted > 1 else { return [bodyStart, buffer.count] }
        // The quotes in each stretch (in parallel), to know the parity at each stretch's start.
        let shared = UncheckedSendable(buffer)
        let starts = (0...wanted).map { bodyStart + size * $0 / wanted }
        let quotes = quoteFree ? [Int](repeating: 0, count: wanted)
            : parallelMap(wanted) { k in countQuotes(shared.value, starts[k], starts[k + 1]) }
        var bounds = [bodyStart]
        var parityAtStart = 0   // quotes before starts[k], mod 2
        for k in 1..<wanted {
            parityAtStart = (parityAtStart + quotes[k - 1]) & 1
            // Walk to the first line feed with an even number of quotes before it (from the
            // last boundary, where the count is even, if the last walk went past starts[k]).
            let last = bounds[bounds.count - 1]
            var parity = last > starts[k] ? 0 : parityAtStart
            var i = max(starts[k], last)
            var found: Int?
            while i < buffer.count {
                let b = buffer[i]
                if b == CSVParser.quote { parity ^= 1 } else if b == CSVParser.lf && parity == 0 { found = i + 1; break }
                i += 1
            }
            guard let at = found, at < buffer.count else { break }
            bounds.append(at)
        }
        bounds.append(buffer.count)
        return bounds
    }

    /// The quote characters in `buffer[from..<to]`: by `memchr` from quote to quote while they
    /// are sparse (a ledger quotes a few fields: this skips the rest at memory speed), then
    /// eight bytes at a time if they turn out dense.
    static func countQuotes(_ buffer: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        guard let base = buffer.baseAddress, from < to else { return 0 }
        var n = 0
        var i = from
        while i < to {
            guard let hit = memchr(base + i, Int32(CSVParser.quote), to - i) else { return n }
            n += 1
            i = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base + 1
            // Dense (more than one quote in 64 bytes on average so far): count word by word.
            if n > 64 && (i - from) < n * 64 { break }
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= to {
            // Bytes equal to 0x22 become zero; count the zero bytes exactly.
            let x = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) ^ (ones &* 0x22)
            let zero = ~(((x & ~highs) &+ ~highs) | x) & highs
            n += zero.nonzeroBitCount
            i += 8
        }
        while i < to {
            if buffer[i] == CSVParser.quote { n += 1 }
            i += 1
        }
        return n
    }

    /// One chunk's records, typed.
    struct Chunk {
        var builders: [ColumnBuilder]
        /// Each record's line, counted from 1 at the chunk's first byte.
        var lines: [Int32] = []
        var cellErrors: [(row: Int, column: Int, message: String)] = []
        var cellErrorCount = 0
        var diagnostics = Diagnostics()
        /// How many lines the chunk spans.
        var lineCount = 0
        /// Whether the chunk ended inside a quoted field.
        var endedInQuote = false
        /// Records with more fields than the header: line (from 1 in the chunk), fields.
        var longRecords: [(line: Int, fields: Int)] = []

        /// Types the fields of one record, which begins on `line`: field `i` is
        /// `spans[2i]..<spans[2i + 1]`, in `whole` or (offset by `sideStart`) in `side`.
        @inline(__always)
        mutating func take(_ fields: Int, _ spans: UnsafePointer<Int32>, line: Int, _ builders: UnsafeMutableBufferPointer<ColumnBuilder>,
                           _ indices: [Int], _ whole: UnsafeBufferPointer<UInt8>, side: [UInt8], sideStart: Int) {
            let row = lines.count
            lines.append(Int32(truncatingIfNeeded: line))
            for k in 0..<indices.count {
                let i = indices[k]
                let failure: CellError?
                if i < 0 || i >= fields {
                    failure = builders[k].append(UnsafeBufferPointer(start: nil, count: 0))
                } else {
                    let s = Int(spans[2 * i]), e = Int(spans[2 * i + 1])
                    if s >= sideStart {
                        failure = side.withUnsafeBufferPointer {
                            builders[k].append(UnsafeBufferPointer(rebasing: $0[(s - sideStart)..<(e - sideStart)]))
                        }
                    } else {
                        failure = builders[k].append(UnsafeBufferPointer(start: whole.baseAddress.map { $0 + s }, count: e - s))
                    }
                }
                if let error = failure {
                    cellErrorCount += 1
                    if cellErrors.count < keptErrors { cellErrors.append((row, k, error.message)) }
                }
            }
        }

        /// Simple records' fields (trimmed by the splitter), held column by column until there
        /// are ``rows`` of them, then typed a column at a time
        /// (``ColumnBuilder/appendColumn(_:count:in:failed:)``).
        struct Batch {
            static let rows = 256
            let columns: Int
            /// Column `k`'s field of row `r`: `spans[2 * (k * rows + r)]..<spans[... + 1]`.
            let spans: UnsafeMutablePointer<Int32>
            /// The line of each row (appended to the chunk's lines by ``Chunk/flush(_:_:_:)``).
            let lines: UnsafeMutablePointer<Int32>
            var count = 0

            init(columns: Int) {
                self.columns = columns
                spans = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, 2 * Self.rows * columns))
                lines = UnsafeMutablePointer<Int32>.allocate(capacity: Self.rows)
            }

            func deallocate() {
                spans.deallocate()
                lines.deallocate()
            }

            /// Ends the rows `rows` (the next ones), read whole by
            /// ``CSVParser/readExactRecords(slots:width:into:lines:rows:)``, which wrote their
            /// lines and every field's slot.
            @inline(__always)
            mutating func completeWhole(_ rows: Range<Int>, absent: [Int], copies: [(to: Int, from: Int)]) {
                if !absent.isEmpty || !copies.isEmpty {
                    for r in rows { fill(r, absent: absent, copies: copies) }
                }
                count = rows.upperBound
            }

            /// Ends the row, which begins on `line`, whose read fields were written to their
            /// columns' slots (by ``CSVParser/readSimpleRecord(slots:width:into:capacity:)``): the
            /// cells past the record's `count` fields are made empty, then as ``fill(_:absent:copies:)``.
            @inline(__always)
            mutating func complete(_ count: Int, line: Int, absent: [Int], _ indices: [Int], reach: Int,
                                   copies: [(to: Int, from: Int)]) {
                let r = self.count
                // (`reach`: one past the last field read; a record that has it writes every slot.)
                if count < reach {
                    for k in 0..<columns where indices[k] >= count {
                        spans[2 * (k * Self.rows + r)] = 0
                        spans[2 * (k * Self.rows + r) + 1] = 0
                    }
                }
                fill(r, absent: absent, copies: copies)
                lines[r] = Int32(truncatingIfNeeded: line)
                self.count = r + 1
            }

            /// Row `r`'s cells of the columns whose field is not in the file (`absent`) made
            /// empty, and those of each column that reads the same field as an earlier one
            /// copied from it.
            @inline(__always)
            func fill(_ r: Int, absent: [Int], copies: [(to: Int, from: Int)]) {
                for k in absent {
                    spans[2 * (k * Self.rows + r)] = 0
                    spans[2 * (k * Self.rows + r) + 1] = 0
                }
                for (to, from) in copies {
                    spans[2 * (to * Self.rows + r)] = spans[2 * (from * Self.rows + r)]
                    spans[2 * (to * Self.rows + r) + 1] = spans[2 * (from * Self.rows + r) + 1]
                }
            }
        }

        /// Types the batch's records, column by column, and appends their lines; their cell
        /// errors kept in row, then column order, as when typed record by record.
        mutating func flush(_ batch: inout Batch, _ builders: UnsafeMutableBufferPointer<ColumnBuilder>, _ whole: UnsafeBufferPointer<UInt8>) {
            let n = batch.count
            batch.count = 0
            let first = lines.count
            lines.append(contentsOf: UnsafeBufferPointer(start: batch.lines, count: n))
            guard let base = whole.baseAddress else { return }
            var errors: [(row: Int, column: Int, message: String)] = []
            for k in 0..<batch.columns {
                builders[k].appendColumn(batch.spans + 2 * k * Batch.rows, count: n, in: base) { r, error in
                    errors.append((first + r, k, error.message))
                }
            }
            guard !errors.isEmpty else { return }
            cellErrorCount += errors.count
            errors.sort { ($0.row, $0.column) < ($1.row, $1.column) }
            for e in errors where cellErrors.count < keptErrors { cellErrors.append(e) }
        }

        static func read(_ whole: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, header: Header,
                         columns: [Column], file: String, pool: ChunkBuilderPool? = nil) -> Chunk {
            // Room for the chunk's records, estimated from the line feeds of its first 64 KB.
            let sample = min(end - start, 1 << 16)
            var feeds = 0
            for i in start..<(start + sample) where whole[i] == CSVParser.lf { feeds += 1 }
            let estimate = sample == 0 ? 16 : (end - start) / sample * feeds + feeds + 16
            func make(_ c: Column) -> ColumnBuilder {
                ColumnBuilder(type: c.type, optional: c.optional, capacity: estimate, stored: c.stored, populated: true)
            }
            var chunk = Chunk(builders: pool?.take(capacity: estimate) { make(columns[$0]) } ?? columns.map(make))
            chunk.lines.reserveCapacity(estimate)
            var parser = CSVParser(buffer: UnsafeBufferPointer(rebasing: whole[0..<end]), delimiter: header.delimiter, file: file)
            parser.position = start
            parser.line = 1
            let width = header.names.count
            let indices = columns.map { $0.index ?? -1 }
            let side = end
            // The builders moved out of the chunk and written through a pointer: no
            // copy-on-write check of the array at every cell.
            var builders = chunk.builders
            chunk.builders = []
            // Simple records (the common case) are split straight into the batch; the others,
            // and every record after an error, by the general `readRecord`.
            let room = width + 8
            var batch = Batch(columns: columns.count)
            defer { batch.deallocate() }
            // Where each field of a simple record goes in the batch (column `k` reading field
            // `i`: slot `2 * k * rows`, plus the row's `2 * r`), -1 for a field no column reads;
            // a column that reads a field an earlier one reads gets its span copied from there.
            // Then the columns whose field is not in the file (their cells are empty).
            let slots = UnsafeMutablePointer<Int>.allocate(capacity: room)
            defer { slots.deallocate() }
            slots.initialize(repeating: -1, count: room)
            var copies: [(to: Int, from: Int)] = []
            for (k, i) in indices.enumerated() where i >= 0 {
                if slots[i] >= 0 {
                    copies.append((k, slots[i] / (2 * Batch.rows)))
                } else {
                    slots[i] = 2 * k * Batch.rows
                }
            }
            let absent = indices.indices.filter { indices[$0] < 0 }
            let reach = (indices.max() ?? -1) + 1
            let window = UnsafeMutablePointer<UInt64>.allocate(capacity: CSVParser.windowCapacity)
            defer { window.deallocate() }
            parser.window = window
            builders.withUnsafeMutableBufferPointer { builders in
                // Records are read the quick way until the chunk's first error (known after a
                // record read the general way: only that way reports errors).
                var quick = true
                while true {
                    if quick {
                        // Whole records first, as many as the batch has room for.
                        let r = batch.count
                        let taken = parser.readExactRecords(slots: slots, width: width, into: batch.spans + 2 * r,
                                                            lines: batch.lines + r, rows: Batch.rows - r)
                        if taken > 0 {
                            batch.completeWhole(r..<(r + taken), absent: absent, copies: copies)
                            if batch.count == Batch.rows { chunk.flush(&batch, builders, whole) }
                            continue
                        }
                    }
                    let mark = (parser.position, parser.line)
                    if quick,
                       let simple = parser.readSimpleRecord(slots: slots, width: width, into: batch.spans + 2 * batch.count,
                                                            capacity: room) {
                        if simple.blank { continue }
                        if !simple.extra {
                            batch.complete(simple.fields, line: parser.recordLine, absent: absent, indices, reach: reach,
                                           copies: copies)
                            if batch.count == Batch.rows { chunk.flush(&batch, builders, whole) }
                            continue
                        }
                        // Read again below, the general way, which reports it.
                        (parser.position, parser.line) = mark
                    }
                    if batch.count > 0 { chunk.flush(&batch, builders, whole) }
                    guard parser.readRecord() else { break }
                    defer {
                        parser.spans.removeAll(keepingCapacity: true)
                        parser.side.removeAll(keepingCapacity: true)
                    }
                    quick = !parser.diagnostics.hasErrors && chunk.longRecords.isEmpty
                    let fields = parser.spans.count / 2
                    if CSVReader.isBlank(parser.spans, from: 0) { continue }
                    if fields > width, !CSVReader.isBlank(parser.spans, from: width * 2) {
                        // Reported by `assemble`, which knows the file's line numbers.
                        chunk.longRecords.append((parser.recordLine, fields))
                        quick = false
                    }
                    if !quick { continue }
                    parser.spans.withUnsafeBufferPointer { spans in
                        guard let spans = spans.baseAddress else { return }
                        chunk.take(fields, spans, line: parser.recordLine, builders, indices, whole, side: parser.side, sideStart: side)
                    }
                }
            }
            chunk.builders = builders
            chunk.endedInQuote = parser.stopped
            chunk.diagnostics = parser.diagnostics
            chunk.lineCount = parser.line - 1
            return chunk
        }
    }
}

import ArgumentParser
import Kaohe
import KaoheIO

/// The `kaohe` command: parses the arguments and runs a subcommand in process.
public struct KaoheRoot: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kaohe",
        abstract: "考核: a rule-based engine for 招商引资 target assessments.",
        discussion: """
        A scheme (考核办法) is a YAML file; the year's ledgers are CSV or XLSX files. Start with: kaohe check rules/county-2021.yaml
        """,
        version: "0.1.0",
        subcommands: [CheckCommand.self, ScoreCommand.self, ExplainCommand.self, WhatIfCommand.self, SweepCommand.self, TestCommand.self]
    )

    public init() {}
}

/// Runs kaohe with `arguments` (without the program name) and returns the exit status.
public func runKaohe(_ arguments: [String], io: CommandIO) -> Int32 {
    // Every command builds large tables, frees them and builds more: freed memory is kept
    // for the next ones (``Memory/keepFreedPages()``).
    Memory.keepFreedPages()
    do {
        var command = try KaoheRoot.parseAsRoot(arguments)
        if let k = command as? any KaoheCommand {
            return k.run(io: io)
        }
        try command.run()
        return ExitStatus.success
    } catch {
        let code = KaoheRoot.exitCode(for: error)
        let message = KaoheRoot.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { io.line(message) }
            return ExitStatus.success
        }
        if !message.isEmpty { io.errorLine(message) }
        return ExitStatus.usage
    }
}

// kaohe-gen: writes a deterministic synthetic data set for rules/province-2021.yaml.
// Usage: kaohe-gen --units N --projects-per-unit M --seed S --out DIR   (see --help)
import Foundation
import KaoheGen

do {
    switch try GeneratorOptions.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(GeneratorOptions.help)
    case .run(let options):
        let report = try ProvinceGenerator(options).run()
        if !options.quiet { print(report.summary) }
    }
} catch let error as GeneratorError {
    FileHandle.standardError.write(Array("kaohe-gen: error: \(error)\n".utf8).withUnsafeBufferPointer { Data($0) })
    if case .usage = error {
        FileHandle.standardError.write(Data("usage: kaohe-gen --units N --projects-per-unit M --seed S --out DIR (--help for more)\n".utf8))
        exit(2)
    }
    exit(1)
} catch {
    FileHandle.standardError.write(Data("kaohe-gen: error: \(error)\n".utf8))
    exit(1)
}

// kaohe-gen: writes a deterministic synthetic data set for rules/province-2021.yaml.
//
//     kaohe-gen --units N --projects-per-unit M --seed S --out DIR
//
// The same arguments give byte-identical files. See `kaohe-gen --help` and KaoheGen's
// ProvinceGenerator. Exit status: 0 done, 1 cannot write, 2 wrong usage.
import Foundation
import KaoheGen

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("kaohe-gen: error: \(message)\n".utf8))
    if status == 2 {
        FileHandle.standardError.write(Data("usage: kaohe-gen --units N --projects-per-unit M --seed S --out DIR (--help for more)\n".utf8))
    }
    exit(status)
}

do {
    switch try GeneratorOptions.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(GeneratorOptions.help)
    case .run(let options):
        let report = try ProvinceGenerator(options).run()
        if !options.quiet { print(report.summary) }
    }
} catch let error as GeneratorError {
    if case .usage = error { fail(error.description, status: 2) }
    fail(error.description, status: 1)
} catch {
    fail("\(error)", status: 1)
}

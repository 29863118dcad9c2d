import Foundation

/// The Prometheus text format read back, strictly enough to catch a malformed line.
public struct Exposition: Sendable {
    /// One sample line.
    public struct Sample: Equatable, Sendable {
        /// The metric name.
        public var name: String
        /// Label values by name.
        public var labels: [String: String]
        /// The value.
        public var value: Double
    }

    public var samples: [Sample] = []
    /// `# TYPE` by metric name.
    public var types: [String: String] = [:]
    /// `# HELP` by metric name.
    public var helps: [String: String] = [:]

    /// A line that is not HELP, TYPE or a well-formed sample.
    public struct Malformed: Error, CustomStringConvertible {
        /// What is wrong, with the line.
        public var description: String
    }

    /// Reads `text`; throws on the first malformed line.
    public init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2 else { throw Malformed(description: "bad TYPE line: \(line)") }
                types[String(parts[0])] = String(parts[1])
            } else if line.hasPrefix("# HELP ") {
                let rest = line.dropFirst(7)
                guard let space = rest.firstIndex(of: " ") else { throw Malformed(description: "bad HELP line: \(line)") }
                helps[String(rest[..<space])] = String(rest[rest.index(after: space)...])
            } else if line.hasPrefix("#") {
                continue
            } else {
                samples.append(try Self.sample(Substring(line)))
            }
        }
    }

    /// `name{a="x",b="y"} value`, with `\\`, `\"` and `\n` escapes in label values.
    static func sample(_ line: Substring) throws -> Sample {
        var rest = line[...]
        guard let nameEnd = rest.firstIndex(where: { $0 == "{" || $0 == " " }) else {
            throw Malformed(description: "no value: \(line)")
        }
        let name = String(rest[..<nameEnd])
        guard name.range(of: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", options: .regularExpression) != nil else {
            throw Malformed(description: "bad metric name: \(line)")
        }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { throw Malformed(description: "bad labels: \(line)") }
                let label = String(rest[..<equals])
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { throw Malformed(description: "unquoted label value: \(line)") }
                rest = rest.dropFirst()
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        guard let escaped = rest.first else { throw Malformed(description: "dangling escape: \(line)") }
                        rest = rest.dropFirst()
                        switch escaped {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Malformed(description: "bad escape \\\(escaped): \(line)")
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { throw Malformed(description: "unterminated label value: \(line)") }
                rest = rest.dropFirst()
                labels[label] = value
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " ", let value = Double(rest.dropFirst()) else {
            throw Malformed(description: "bad value: \(line)")
        }
        return Sample(name: name, labels: labels, value: value)
    }

    /// The samples of `name` whose labels include `labels`.
    public func samples(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }

    /// The one sample of `name` with `labels`, or nil when there is none or several.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = samples(name, labels)
        return found.count == 1 ? found[0].value : nil
    }
}

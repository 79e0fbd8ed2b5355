import ChatProtocol

/// One JSON object, keys in the order they were added, written as a single line.
///
/// Reports are read by scripts that keep one line per run, and a person reading them wants the keys in
/// a sensible order; Foundation's encoder would sort or scramble them. Values are numbers, strings,
/// booleans, arrays of numbers and nested objects: all a report needs.
struct JSONLine {
    private var members: [String] = []

    init() {}

    mutating func add(_ key: String, _ value: Int) { self.members.append("\(Self.quoted(key)):\(value)") }
    mutating func add(_ key: String, _ value: UInt64) { self.members.append("\(Self.quoted(key)):\(value)") }
    mutating func add(_ key: String, _ value: Bool) { self.members.append("\(Self.quoted(key)):\(value)") }
    mutating func add(_ key: String, _ value: String) { self.members.append("\(Self.quoted(key)):\(Self.quoted(value))") }
    mutating func add(_ key: String, _ value: Int?) { self.members.append("\(Self.quoted(key)):\(value.map { "\($0)" } ?? "null")") }
    mutating func add(_ key: String, _ value: String?) { self.members.append("\(Self.quoted(key)):\(value.map(Self.quoted) ?? "null")") }
    mutating func add(_ key: String, _ value: JSONLine) { self.members.append("\(Self.quoted(key)):\(value.text)") }

    /// A number rounded to `decimals` places; `nil`, infinities and NaN become `null`.
    mutating func add(_ key: String, _ value: Double?, decimals: Int = 3) {
        self.members.append("\(Self.quoted(key)):\(Self.number(value, decimals: decimals))")
    }

    mutating func add(_ key: String, _ values: [Int32]) {
        self.members.append("\(Self.quoted(key)):[\(values.map { "\($0)" }.joined(separator: ","))]")
    }

    /// The object as one line of text.
    var text: String { "{" + self.members.joined(separator: ",") + "}" }

    static func number(_ value: Double?, decimals: Int) -> String {
        guard let value, value.isFinite else { return "null" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return "\(Int64(rounded))" }
        return "\(rounded)"
    }

    /// `text` as a JSON string, escaped by ChatProtocol's `JSONWriter`, as the gateway escapes its frames.
    static func quoted(_ text: String) -> String {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

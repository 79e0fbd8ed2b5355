/// field(b) of docs/PROTOCOL.md: the length of `b` as 4 bytes, big-endian, then `b`.
///
/// Every signed or sealed input joins its parts this way, so that no two different inputs have the
/// same bytes: one home for the rule, used by signing (``SigningInput``) and sealing (`EndToEnd`).
public enum Field {
    /// Appends `field` to `bytes`, with its length before it.
    public static func append(_ field: some Collection<UInt8>, to bytes: inout [UInt8]) {
        let count = UInt32(field.count)
        bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        bytes += field
    }

    /// A label followed by each part as a field: `label ‖ field(part) ‖ …`.
    public static func joined(_ label: String, _ parts: [[UInt8]]) -> [UInt8] {
        var bytes = Array(label.utf8)
        for part in parts { Self.append(part, to: &bytes) }
        return bytes
    }
}

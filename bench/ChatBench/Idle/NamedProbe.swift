/// A broadcast that proves the server has named its clients: a client that receives it is one the
/// server counts among those a message goes to.
///
/// In the plain protocol a message reaches every named client but its sender, on every server here
/// (the seed's dict, ws's client set, the gateway's `lobby`), so a probe from client 0 confirms all the
/// others, and one from client 1 confirms client 0. The text is `probe N`; servers deliver it as
/// `NAME: probe N`.
enum NamedProbe {
    static func text(round: Int) -> String { "probe \(round)" }

    /// Which client sends round `round`: 0 and 1 in turn, so each confirms the other.
    static func sender(round: Int) -> Int { round % 2 }

    /// Whether a delivered frame is a probe, `NAME: probe N`.
    static func isProbe(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let marker = Array(": probe ".utf8)
        guard bytes.count > marker.count else { return false }
        var index = 0
        while index + marker.count <= bytes.count {
            if bytes[index] == UInt8(ascii: ":") {
                return (0..<marker.count).allSatisfy { bytes[index + $0] == marker[$0] }
            }
            index += 1
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as bytes: what trusted-proxy ranges are matched against and failures are counted by.
///
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.7`, how a gateway listening on `::` sees IPv4 peers) is
/// read as the IPv4 address it maps, so that one client has one address whichever way it arrived.
struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 (IPv6), network order.
    let bytes: [UInt8]

    /// Parses `192.0.2.7`, `2001:db8::1` or `[2001:db8::1]`; `nil` for anything else (a name, a port, garbage).
    init?(_ text: some StringProtocol) {
        var text = String(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: &v6) { Array($0) }
            self.bytes = bytes[0..<12].elementsEqual(Self.mappedPrefix) ? Array(bytes[12...]) : bytes
        } else {
            return nil
        }
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private static let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]

    var isIPv4: Bool { self.bytes.count == 4 }

    /// Whose failures this address counts as: itself for IPv4, its /64 for IPv6, since one subscriber
    /// usually holds a whole /64 and could otherwise take a fresh address for every guess.
    var failureCountingKey: String {
        if self.isIPv4 { return self.description }
        return IPAddress(bytes: Array(self.bytes[0..<8]) + [UInt8](repeating: 0, count: 8)).description + "/64"
    }

    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = self.isIPv4 ? AF_INET : AF_INET6
        let written = self.bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        guard written != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

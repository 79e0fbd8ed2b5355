/// An IPv4 or IPv6 network in CIDR form (`172.30.0.10/32`, `fd00::/8`): a `--trusted-proxy`.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    let network: IPAddress
    let prefixLength: Int

    /// Parses `ADDRESS/PREFIX`; a bare address is a range of one (/32 or /128).
    public init(_ text: String) throws(AddressRangeError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { throw AddressRangeError(text: text) }
        let bits = address.bytes.count * 8
        // A mapped IPv6 range (::ffff:10.0.0.0/104) counts its prefix over the IPv6 address's 128 bits.
        let mappedOffset = parts[0].contains(":") && address.isIPv4 ? 96 : 0
        let prefix: Int
        if parts.count == 2 {
            guard let given = Int(parts[1]), (mappedOffset...(bits + mappedOffset)).contains(given) else { throw AddressRangeError(text: text) }
            prefix = given - mappedOffset
        } else {
            prefix = bits
        }
        self.network = Self.masked(address, prefixLength: prefix)
        self.prefixLength = prefix
    }

    /// Whether `address` is inside this range (an IPv4 address is never inside an IPv6 range, nor the reverse).
    func contains(_ address: IPAddress) -> Bool {
        address.bytes.count == self.network.bytes.count && Self.masked(address, prefixLength: self.prefixLength) == self.network
    }

    public var description: String { "\(self.network)/\(self.prefixLength)" }

    private static func masked(_ address: IPAddress, prefixLength: Int) -> IPAddress {
        var bytes = address.bytes
        for index in bytes.indices {
            let keep = min(max(prefixLength - index * 8, 0), 8)
            bytes[index] &= keep == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
        return IPAddress(bytes: bytes)
    }
}

/// A `--trusted-proxy` that is not `ADDRESS/PREFIX`.
public struct AddressRangeError: Error, CustomStringConvertible {
    public let text: String
    public var description: String {
        "--trusted-proxy \(self.text) is not an address range: write ADDRESS/PREFIX, e.g. 172.30.0.10/32 or fd00::/8"
    }
}

import ChatProtocol
public import EndToEnd

extension RoomKeyring {
    /// One line per key, `room key salt current|kept holders` (base64url; `-` for no salt; the holders
    /// as the first 8 bytes of their identity keys, joined by `,`, or `-`), sorted: the keyring file's
    /// text. Secret: whoever reads it reads the rooms' history. Passphrases are never in it.
    ///
    /// The holders are kept so that a rotation after a restart still reaches everyone who had the key,
    /// when the shares that told who they are have left the room's history.
    public var lines: [String] {
        self.rooms.keys.sorted().flatMap { room in
            let keychain = self.rooms[room]!
            return keychain.keys.values.sorted { $0.id.hex < $1.id.hex }.map { key in
                let salt = key.salt.isEmpty ? "-" : Base64URL.encode(key.salt)
                let holders = (keychain.holders[key.id] ?? []).sorted().map { Base64URL.encode($0.bytes) }
                let state = keychain.current == key.id ? "current" : "kept"
                return "\(room) \(key.text) \(salt) \(state) \(holders.isEmpty ? "-" : holders.joined(separator: ","))"
            }
        }
    }

    /// The keys of a file's lines; a line that cannot be read is skipped.
    public init(lines: some Sequence<Substring>) {
        self.init()
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count == 4 || words.count == 5, let bytes = Base64URL.decode(words[1]),
                let salt = words[2] == "-" ? [] : Base64URL.decode(words[2]),
                let key = RoomKey(bytes: bytes, salt: salt)
            else { continue }
            let room = String(words[0])
            self.add(key, to: room, current: words[3] == "current")
            let holders =
                words.count == 5 ? words[4].split(separator: ",").compactMap { Base64URL.decode($0).flatMap(IdentityPrefix.init(bytes:)) } : []
            for holder in holders { self.update(room) { $0.addHolder(holder, of: key.id) } }
        }
    }
}

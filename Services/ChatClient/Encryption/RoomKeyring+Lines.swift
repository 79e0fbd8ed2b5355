import ChatProtocol
public import EndToEnd

extension RoomKeyring {
    /// One line per key, `room key salt current|kept` (base64url; `-` for no salt), sorted: the
    /// keyring file's text. Secret: whoever reads it reads the rooms' history. Passphrases are never in it.
    public var lines: [String] {
        self.rooms.keys.sorted().flatMap { room in
            let keychain = self.rooms[room]!
            return keychain.keys.values.sorted { $0.id.hex < $1.id.hex }.map { key in
                let salt = key.salt.isEmpty ? "-" : Base64URL.encode(key.salt)
                return "\(room) \(key.text) \(salt) \(keychain.current == key.id ? "current" : "kept")"
            }
        }
    }

    /// The keys of a file's lines; a line that cannot be read is skipped.
    public init(lines: some Sequence<Substring>) {
        self.init()
        for line in lines {
            let words = line.split(separator: " ")
            guard words.count == 4, let bytes = Base64URL.decode(words[1]),
                let salt = words[2] == "-" ? [] : Base64URL.decode(words[2]),
                let key = RoomKey(bytes: bytes, salt: salt)
            else { continue }
            self.add(key, to: String(words[0]), current: words[3] == "current")
        }
    }
}

public import ChatProtocol
public import EndToEnd
public import Identity
public import Logging

extension ChatClient {
    /// What a client is: where it connects, as whom, to which rooms, with which keys.
    public struct Configuration: Sendable {
        public var url: ServerURL
        public var name: String
        public var rooms: [String]
        /// Sent as `Authorization: Bearer KEY` with the upgrade, for a gateway that needs one.
        public var accessKey: String?
        /// Keys of encrypted rooms known before connecting (the keyring file), so that the first
        /// snapshot's history opens.
        public var keyring: RoomKeyring
        /// Where to keep the keys when they change (the keyring file); `nil` keeps them in memory only.
        public var saveKeyring: (@Sendable (RoomKeyring) -> Void)?
        /// Room keys from an invite link, by room: current at once, and shared with this client alone
        /// once it is in the room, so that the holders know it has the key.
        public var linkKeys: [String: RoomKey]
        /// Passphrase rooms: the passphrase, and the key it gave with a salt of this client's.
        public var passphraseKeys: [String: PassphraseKey]
        /// The identity key that proves the name and signs every message; `nil` for a client without one.
        public var identity: Identity?
        /// The keys seen before (trust on first use), and a place to keep them when they change.
        public var pins: ContactPins
        public var savePins: (@Sendable (ContactPins) -> Void)?
        /// Also report every server frame as it arrived (``ChatEvent/frame(_:)``), but a downloaded body's `file_data`.
        public var reportsFrames: Bool
        /// Whether read markers are sent visible to the room's members (else only to this person's other devices).
        public var sharesReadMarkers: Bool
        public var backoff: Backoff
        public var logger: Logger

        public init(
            url: ServerURL,
            name: String,
            rooms: [String] = [RoomName.lobby.value],
            accessKey: String? = nil,
            keyring: RoomKeyring = RoomKeyring(),
            saveKeyring: (@Sendable (RoomKeyring) -> Void)? = nil,
            linkKeys: [String: RoomKey] = [:],
            passphraseKeys: [String: PassphraseKey] = [:],
            identity: Identity? = nil,
            pins: ContactPins = ContactPins(),
            savePins: (@Sendable (ContactPins) -> Void)? = nil,
            reportsFrames: Bool = false,
            sharesReadMarkers: Bool = false,
            backoff: Backoff = Backoff(),
            logger: Logger = Logger(label: "chat-client", factory: { _ in SwiftLogNoOpLogHandler() })
        ) {
            self.url = url
            self.name = name
            self.rooms = rooms
            self.accessKey = accessKey
            self.keyring = keyring
            self.saveKeyring = saveKeyring
            self.linkKeys = linkKeys
            self.passphraseKeys = passphraseKeys
            self.identity = identity
            self.pins = pins
            self.savePins = savePins
            self.reportsFrames = reportsFrames
            self.sharesReadMarkers = sharesReadMarkers
            self.backoff = backoff
            self.logger = logger
        }
    }

    /// A passphrase room's passphrase and the key it gave with a salt of this client's.
    public struct PassphraseKey: Sendable {
        public let passphrase: String
        public let key: RoomKey

        public init(passphrase: String, key: RoomKey) {
            self.passphrase = passphrase
            self.key = key
        }
    }
}

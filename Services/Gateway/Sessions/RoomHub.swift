import AsyncSignals
import ChatProtocol
import Logging
import Metrics
import NIOCore
import RelayProtocol
public import ServiceLifecycle
import Synchronization

/// This gateway's connections, the rooms they are in, and the fan-out of the relay's stream to them.
///
/// Sessions register here and announce the rooms they are about to enter. The relay link's thread
/// hands in the published stream (``deliver(_:)``) and the relay's replies (``reply(_:)``). A room
/// event is encoded once per gateway and the same bytes are queued to every member's ``Outbox``; a
/// member joined at room sequence S gets only events after S, and events for a room whose snapshot is
/// still on its way are held until it arrives, so each client sees each event once, in order.
///
/// As a `Service`, it closes every connection with 1001 "going away" when the gateway shuts down,
/// before the HTTP server stops.
public final class RoomHub: RelayDeliverySink, Service {
    /// One client connection.
    struct Connection {
        let outbox: Outbox
        let mode: ClientMode
        var session = ""
        /// The name the relay granted; `nil` until the welcome.
        var name: String?
        /// The name asked for in the claim in flight (for re-claiming after a relay restart).
        var requestedName = ""
        /// The identity key the connection proved (claimed with it, and again after a relay restart).
        var identityKey: [UInt8]?
        /// Its signed sealing key, if it sent one with the key: passed on to the relay.
        var box: [UInt8]?
        /// A claim was sent, so the relay must be told when this connection ends.
        var claimed = false
        /// The claim in flight: snapshots collected until its welcome.
        var hello: PendingHello?
        /// Rooms whose snapshot is on its way.
        var pendingRooms: Set<String> = []
        /// Rooms joined, with the room sequence of their snapshot.
        var rooms: [String: UInt64] = [:]
        /// The largest file body, from this connection's welcome (the relay's limit).
        var maxFileBytes: Int?
        /// The uploads the relay told this connection about.
        var uploads = ConnectionUploads()
        /// A plain client's `Host`, for its file links when the chat has no public URL (``FileLinkBase``).
        var linkHost = ""
        /// An IRC connection's state that the fan-out reads and keeps (``IRCMemberState``).
        var irc: IRCMemberState?
    }

    struct PendingHello {
        /// A re-claim in the same relay epoch: the client's view is intact, the answers change nothing.
        var silent = false
        /// A plain client re-claimed after a relay restart gets the new epoch's events from its start:
        /// it gets no history, and all of them are new to it.
        var fromStart = false
        var snapshots: [[UInt8]] = []
        var rooms: [(room: String, sequence: UInt64)] = []
    }

    /// A connection as a room sees it.
    struct Member {
        let outbox: Outbox
        let mode: ClientMode
        /// Only events after this room sequence are delivered (earlier ones were in the snapshot).
        let joinedAt: UInt64
        /// A plain member's `Host` (``Connection/linkHost``).
        let linkHost: String
        /// An IRC member's own state (``Connection/irc``).
        var irc: IRCMemberState? = nil
    }

    struct State {
        var connections: [UInt64: Connection] = [:]
        var rooms: [String: RoomMembers] = [:]
        var pendingByRoom: [String: Set<UInt64>] = [:]
        /// Events of rooms someone waits to enter, held once for all of them until the last one's snapshot
        /// comes: a join storm would otherwise hold every arrival once per waiting connection.
        var heldByRoom: [String: [Envelope]] = [:]
        var shuttingDown = false
    }

    let gatewayID: UInt64
    let limits: Welcome.Limits
    let state = Mutex(State())
    let logger: Logger
    let metrics = HubMetrics()
    let fileMetrics: FileMetrics
    /// Where plain members' file links point.
    let fileLinks: FileLinkBase
    /// Fired when the last connection is gone during shutdown.
    private let drained = AsyncSignal(.once)
    /// How long shutdown waits for clients to finish the close handshake.
    private let drainTimeout: Duration
    /// Most events held for one room while snapshots of it are on their way.
    static let heldLimit = 10_000

    init(
        gatewayID: UInt64,
        limits: Welcome.Limits,
        logger: Logger,
        fileMetrics: FileMetrics = FileMetrics(),
        fileLinks: FileLinkBase = FileLinkBase(address: PublicAddress(webSocket: ""), secure: false),
        drainTimeout: Duration = .seconds(1)
    ) {
        self.gatewayID = gatewayID
        self.limits = limits
        self.logger = logger
        self.fileMetrics = fileMetrics
        self.fileLinks = fileLinks
        self.drainTimeout = drainTimeout
    }

    /// Connections currently open.
    public var connectionCount: Int { self.state.withLock { $0.connections.count } }

    // MARK: Sessions

    /// Adds a connection; a plain one with the `Host` its file links may name (``FileLinkBase/requestedHost(_:)``),
    /// an IRC one with its state. Returns `false` when the gateway is shutting down.
    func register(_ connection: UInt64, outbox: Outbox, mode: ClientMode, linkHost: String = "", irc: IRCMemberState? = nil) -> Bool {
        let count = self.state.withLock { state -> Int? in
            guard !state.shuttingDown else { return nil }
            state.connections[connection] = Connection(outbox: outbox, mode: mode, linkHost: linkHost, irc: irc)
            return state.connections.count
        }
        guard let count else { return false }
        self.metrics.connections.record(count)
        return true
    }

    /// Removes a connection. Returns `true` if the relay knows it and must be told.
    func unregister(_ connection: UInt64) -> Bool {
        let (claimed, count, drained) = self.state.withLock { state -> (Bool, Int, Bool) in
            guard let removed = state.connections.removeValue(forKey: connection) else { return (false, state.connections.count, false) }
            for room in removed.rooms.keys { Self.removeMember(connection, from: room, in: &state) }
            for room in removed.pendingRooms { Self.settle(room, for: connection, in: &state) }
            return (removed.claimed, state.connections.count, state.shuttingDown && state.connections.isEmpty)
        }
        self.metrics.connections.record(count)
        if drained { self.drained.fire() }
        return claimed
    }

    /// What a claim may do now.
    enum ClaimStatus: Equatable {
        case go
        case inProgress
        case alreadyNamed
    }

    /// Records a claim about to be sent; events for its rooms are held until their snapshots arrive.
    func beginClaim(
        _ connection: UInt64,
        name: String,
        session: String,
        rooms: [String],
        identityKey: [UInt8]? = nil,
        box: [UInt8]? = nil
    ) -> ClaimStatus {
        self.state.withLock { state in
            guard var record = state.connections[connection] else { return .inProgress }
            if record.name != nil { return .alreadyNamed }
            if record.hello != nil { return .inProgress }
            record.requestedName = name
            record.session = session
            record.identityKey = identityKey
            record.box = box
            record.claimed = true
            record.hello = PendingHello()
            state.connections[connection] = record
            for room in rooms { Self.expect(room, for: connection, in: &state) }
            return .go
        }
    }

    /// Forgets a claim that could not be sent.
    func unregisterClaim(_ connection: UInt64) -> Bool {
        self.state.withLock { state in
            guard let record = state.connections[connection], record.hello != nil else { return false }
            for room in record.pendingRooms { Self.settle(room, for: connection, in: &state) }
            state.connections[connection]!.hello = nil
            state.connections[connection]!.claimed = false
            return true
        }
    }

    /// Records a join about to be sent.
    func beginJoin(_ connection: UInt64, room: String) {
        self.state.withLock { state in Self.expect(room, for: connection, in: &state) }
    }

    /// Forgets a join that could not be sent: its snapshot will not come.
    func abandonJoin(_ connection: UInt64, room: String) {
        self.state.withLock { state in Self.settle(room, for: connection, in: &state) }
    }

    /// Takes a connection out of a room at once. Returns `false` if it was not in it.
    func leave(_ connection: UInt64, room: String) -> Bool {
        self.state.withLock { state in
            guard state.connections[connection]?.rooms.removeValue(forKey: room) != nil else { return false }
            Self.removeMember(connection, from: room, in: &state)
            return true
        }
    }

    /// The connection's granted name; `nil` before its welcome.
    func name(of connection: UInt64) -> String? {
        self.state.withLock { $0.connections[connection]?.name }
    }

    /// Whether the relay has yet to answer the connection's first claim, or a room it asked to enter (a
    /// join, or its rooms again after a relay restart).
    func awaitsAnswer(_ connection: UInt64) -> Bool {
        self.state.withLock { state in
            guard let record = state.connections[connection] else { return false }
            return (record.name == nil && record.hello != nil) || !record.pendingRooms.isEmpty
        }
    }

    /// The rooms the connection is in.
    func rooms(of connection: UInt64) -> [String] {
        self.state.withLock { $0.connections[connection].map { Array($0.rooms.keys) } ?? [] }
    }

    /// The connection's name if it is in `room`, else `nil`: what a message to that room needs.
    func sender(_ connection: UInt64, in room: String) -> String? {
        self.state.withLock { state in
            guard let record = state.connections[connection], record.rooms[room] != nil else { return nil }
            return record.name
        }
    }

    /// Takes a member out of a room, and the room out of the table once nobody here is in it.
    static func removeMember(_ connection: UInt64, from room: String, in state: inout State) {
        state.rooms[room]?.remove(connection)
        if state.rooms[room]?.isEmpty == true { state.rooms[room] = nil }
    }

    static func expect(_ room: String, for connection: UInt64, in state: inout State) {
        guard state.connections[connection] != nil else { return }
        state.connections[connection]!.pendingRooms.insert(room)
        state.pendingByRoom[room, default: []].insert(connection)
    }

    // MARK: Service

    public func run() async throws {
        try? await gracefulShutdown()
        let outboxes = self.state.withLock { state -> [Outbox] in
            state.shuttingDown = true
            return state.connections.values.map(\.outbox)
        }
        guard !outboxes.isEmpty else { return }
        self.logger.info("closing client connections", metadata: ["count": "\(outboxes.count)"])
        for outbox in outboxes { outbox.close(.goingAway) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.drained.wait() }
            group.addTask { try? await Task.sleep(for: self.drainTimeout) }
            await group.next()
            group.cancelAll()
        }
    }
}

/// The hub's metrics, created once.
struct HubMetrics: Sendable {
    let connections = Gauge(label: "gateway_connections")
    let framesOut = Counter(label: "gateway_frames_out_total")
}

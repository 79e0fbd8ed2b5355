import RelayProtocol
import Testing

@testable import Gateway

@Suite struct UnconfirmedMessagesTests {
    static let gateway: UInt64 = 0xA

    @Test func ownPublishedMessagesAcksAndErrorsSettle() {
        let own = Origin(gateway: Self.gateway, connection: 1)
        #expect(UnconfirmedMessages.settles(Envelope(kind: .message, origin: own, clientMessageID: "m"), gateway: Self.gateway))
        #expect(UnconfirmedMessages.settles(Envelope(kind: .ack, origin: own, clientMessageID: "m"), gateway: Self.gateway))
        #expect(UnconfirmedMessages.settles(Envelope(kind: .error, origin: own, clientMessageID: "m"), gateway: Self.gateway))
    }

    @Test func anotherGatewaysMessagesAndOtherKindsDoNotSettle() {
        let other = Origin(gateway: 0xB, connection: 1)
        #expect(!UnconfirmedMessages.settles(Envelope(kind: .message, origin: other, clientMessageID: "m"), gateway: Self.gateway))
        for kind in [EnvelopeKind.presence, .replayEnd, .welcome, .joined, .direct] {
            #expect(!UnconfirmedMessages.settles(Envelope(kind: kind, origin: Origin(gateway: Self.gateway, connection: 1)), gateway: Self.gateway))
        }
    }

    @Test func settlingForgetsOnlyThatMessageAndTheRestKeepTheirOrder() {
        var unconfirmed = UnconfirmedMessages()
        unconfirmed.sent([1], connection: 1, clientMessageID: "a")
        unconfirmed.sent([2], connection: 1, clientMessageID: "b")
        unconfirmed.sent([3], connection: 2, clientMessageID: "a")
        unconfirmed.settled(connection: 1, clientMessageID: "a")
        #expect(unconfirmed.inOrder == [[2], [3]])
        unconfirmed.forget(connection: 2)
        #expect(unconfirmed.inOrder == [[2]])
    }
}

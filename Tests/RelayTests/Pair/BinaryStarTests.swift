import RelayProtocol
import Testing

@testable import Relay

/// The Binary Star rules (zguide `bstar.c`), event by event.
@Suite struct BinaryStarTests {
    @Test func atStartThePrimaryServesAndTheBackupDoesNot() {
        var primary = BinaryStar(isPrimary: true)
        var backup = BinaryStar(isPrimary: false)
        #expect(primary.handle(.gatewayRequest(peerSilent: true)) == .serve, "a primary alone serves")
        #expect(backup.handle(.gatewayRequest(peerSilent: true)) == .refuse, "a backup that never saw an active primary does not")
    }

    @Test func thePrimaryGoesActiveAndTheBackupPassiveWhenTheyMeet() {
        var primary = BinaryStar(isPrimary: true)
        var backup = BinaryStar(isPrimary: false)
        #expect(primary.handle(.peer(backup.state)) == .became(.active, reason: "connected to the backup, which is waiting: active"))
        #expect(backup.handle(.peer(primary.state)) == .became(.passive, reason: "the primary is active: passive"))
        #expect(primary.isServing && !backup.isServing)
    }

    @Test func thePassiveRelayTakesOverOnlyWhenThePeerIsSilentAndAGatewayAsks() {
        var backup = BinaryStar(isPrimary: false)
        _ = backup.handle(.peer(.active))
        #expect(backup.handle(.gatewayRequest(peerSilent: false)) == .refuse, "the active relay still speaks: a split, not a death")
        #expect(backup.state == .passive)
        #expect(backup.handle(.peer(.active)) == .unchanged, "silence alone changes nothing either")
        guard case .became(.active, _) = backup.handle(.gatewayRequest(peerSilent: true)) else {
            Issue.record("expected the backup to take over")
            return
        }
        #expect(backup.isServing)
    }

    @Test func aRestartedPrimaryFindsTheBackupActiveAndFollowsIt() {
        var primary = BinaryStar(isPrimary: true)
        guard case .became(.passive, _) = primary.handle(.peer(.active)) else {
            Issue.record("expected the restarted primary to go passive")
            return
        }
        #expect(!primary.isServing)
        guard case .became(.active, _) = primary.handle(.handover) else {
            Issue.record("expected the primary to take over when the backup hands over")
            return
        }
    }

    @Test func aPassiveRelayWhosePeerRestartsGoesActive() {
        var backup = BinaryStar(isPrimary: false)
        _ = backup.handle(.peer(.active))
        guard case .became(.active, _) = backup.handle(.peer(.primary)) else {
            Issue.record("the primary came back empty: the backup, holding the state, must serve")
            return
        }
    }

    @Test func twoActiveRelaysAreReported() {
        var primary = BinaryStar(isPrimary: true)
        _ = primary.handle(.peer(.backup))
        #expect(primary.handle(.peer(.active)) == .dualActive)
    }
}

import Testing

@testable import ChatBench

@Test func aControlLineIsAWordAndMonotonicNanoseconds() {
    #expect(StormControl.parse("killed 123456789") == StormControl.Line(word: "killed", nanoseconds: 123_456_789))
    #expect(StormControl.parse("healthy -1") == StormControl.Line(word: "healthy", nanoseconds: nil))
    #expect(StormControl.parse("killed") == nil)
    #expect(StormControl.parse("killed soon") == nil)
}

@Test func resumeTimesAreMeasuredFromTheKill() {
    let kill: UInt64 = 1_000_000_000
    let resumed: [UInt64] = [1_500_000_000, 3_000_000_000, 2_000_000_000]
    #expect(StormTimeline.secondsToLast(resumed, from: kill) == 2)
    #expect(StormTimeline.seconds(resumed, quantile: 0.5, from: kill) == 1)
    #expect(StormTimeline.secondsToLast([], from: kill) == nil)
}

@Test func presenceFramesAreToldApartWithoutDecoding() {
    let presence = Array(#"{"type":"presence","room":"storm-1","seq":4,"event":"joined","name":"s1"}"#.utf8)
    let message = Array(#"{"type":"message","room":"storm-1","seq":5,"from":"storm-sender","text":"storm 1","time":1}"#.utf8)
    #expect(presence.withUnsafeBytes { FrameKind.isPresence($0) })
    #expect(!message.withUnsafeBytes { FrameKind.isPresence($0) })
    #expect(!Array("{}".utf8).withUnsafeBytes { FrameKind.isPresence($0) })
}

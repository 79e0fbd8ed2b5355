import Testing

@testable import ChatBench

@Test func memoryPerConnectionIsTheSlopeBetweenTwoSamples() {
    let first = IdleSample(connections: 5000, residentKiB: 100_000, cpuSeconds: 1)
    let second = IdleSample(connections: 19_000, residentKiB: 128_000, cpuSeconds: 3)
    #expect(IdleSlope.kibPerConnection(from: first, to: second) == 2)
    #expect(IdleSlope.kibPerConnection(from: second, to: first) == nil)
}

@Test func setupCPUIsDividedByTheConnectionsOpened() {
    #expect(IdleSlope.cpuMicrosecondsPerConnection(cpuSeconds: 1.9, connections: 19_000) == 100)
    #expect(IdleSlope.cpuMicrosecondsPerConnection(cpuSeconds: 1, connections: 0) == nil)
}

@Test func aServerIsQuietOnlyOnceAWholeWindowPassedWithLittleCPU() {
    var quiet = QuietWindow(window: 0.5, busyFraction: 0.2)
    #expect(!quiet.observe(time: 0, cpuSeconds: 0))
    #expect(!quiet.observe(time: 0.25, cpuSeconds: 0.25))  // busy, and the window not yet full
    #expect(!quiet.observe(time: 0.5, cpuSeconds: 0.5))
    #expect(!quiet.observe(time: 0.75, cpuSeconds: 0.5))  // the last half second still held 0.25 s of CPU
    #expect(quiet.observe(time: 1.0, cpuSeconds: 0.52))
}

@Test func aProbeIsRecognisedAfterTheSendersName() {
    let probe = Array("b1: \(NamedProbe.text(round: 3))".utf8)
    #expect(probe.withUnsafeBytes { NamedProbe.isProbe($0) })
    #expect(!Array("b1: hello probe 3".utf8).withUnsafeBytes { NamedProbe.isProbe($0) })
    #expect(!Array("probe 3".utf8).withUnsafeBytes { NamedProbe.isProbe($0) })
    #expect(NamedProbe.sender(round: 0) != NamedProbe.sender(round: 1))
}

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
    // (time, CPU seconds): busy for the first half second, then nearly idle.
    let readings: [(Double, Double)] = [(0, 0), (0.25, 0.25), (0.5, 0.5), (0.75, 0.5), (1.0, 0.52)]
    let quietAfter = readings.map { quiet.observe(time: $0.0, cpuSeconds: $0.1) }
    // Not before the window is full, nor while the last half second still held 0.25 s of CPU.
    #expect(quietAfter == [false, false, false, false, true])
}

@Test func aProbeIsRecognisedAfterTheSendersName() {
    let probe = Array("b1: \(NamedProbe.text(round: 3))".utf8)
    #expect(probe.withUnsafeBytes { NamedProbe.isProbe($0) })
    #expect(!Array("b1: hello probe 3".utf8).withUnsafeBytes { NamedProbe.isProbe($0) })
    #expect(!Array("probe 3".utf8).withUnsafeBytes { NamedProbe.isProbe($0) })
    #expect(NamedProbe.sender(round: 0) != NamedProbe.sender(round: 1))
}

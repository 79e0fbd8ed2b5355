/// Decides that a server has finished the work it was given: it used (almost) no CPU for a while.
///
/// After the last client wrote its name, a server still has names to read and register (the gateway
/// claims each at its relay). No server tells when it is done, but each goes idle once it is, so the
/// connect phase ends when the server's CPU time stops growing: at most `busyFraction` of one core
/// over `window` seconds. The threshold is not zero because idle servers still ping their clients.
struct QuietWindow {
    let window: Double
    let busyFraction: Double
    /// (time in seconds, CPU seconds) readings, oldest first, spanning at least `window` once full.
    private var readings: [(time: Double, cpu: Double)] = []

    init(window: Double = 0.5, busyFraction: Double = 0.2) {
        self.window = window
        self.busyFraction = busyFraction
    }

    /// Records a reading; `true` once the readings span `window` and the CPU used over it is small.
    mutating func observe(time: Double, cpuSeconds: Double) -> Bool {
        self.readings.append((time, cpuSeconds))
        while self.readings.count > 2, time - self.readings[1].time >= self.window { self.readings.removeFirst() }
        guard let first = self.readings.first, time - first.time >= self.window else { return false }
        return (cpuSeconds - first.cpu) / (time - first.time) <= self.busyFraction
    }
}

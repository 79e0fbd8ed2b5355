import NIOCore

/// A client connection's reads, paced by its ``MessagePacer`` on the connection's event loop: what comes
/// past the client's tokens waits while the channel reads nothing more (so TCP pushes back on the sender),
/// and a timer hands it on as the tokens come. Nothing is dropped.
///
/// Shared by ``WebSocketConnection`` and ``IRCConnection``, which decide what an input is and what to do
/// with it. Used on the event loop only.
final class PacedReading<Input> {
    /// What is left once the timer handed on the inputs whose tokens came.
    enum Release {
        /// Inputs still wait: the timer is wanted again.
        case waiting
        /// Paced for longer than `--pace-timeout` without a break: flooding, not pasting.
        case pacedTooLong
        /// None waits: reading may go on.
        case drained
        /// The connection closed while they were handed on.
        case closed
    }

    private var pacer: MessagePacer<Input>
    private var releaseTimer: Scheduled<Void>?
    /// A read the channel asked for while inputs waited.
    private var readHeld = false

    init(_ pacer: MessagePacer<Input>) {
        self.pacer = pacer
    }

    /// Whether inputs wait for tokens.
    var isHolding: Bool { self.pacer.isHolding }

    /// Whether the client is being paced: what it sends next may sit unread behind its own flood.
    var isPaced: Bool { self.pacer.isPaced }

    var limit: Duration { self.pacer.limit }

    /// The channel asks for more bytes: passed on, unless inputs wait or the connection holds reading for
    /// a reason of its own (`holding`).
    func read(_ context: ChannelHandlerContext, holding: Bool = false) {
        if self.pacer.isHolding || holding {
            self.readHeld = true
        } else {
            context.read()
        }
    }

    /// Asks for the read that was held, once no input waits.
    func resumeReading(_ context: ChannelHandlerContext?) {
        guard self.readHeld, !self.pacer.isHolding, let context else { return }
        self.readHeld = false
        context.read()
    }

    /// What to do with `input` now: deliver it, or let it wait for ``scheduleRelease(on:fire:)``.
    func admit(_ input: Input, cost: PaceCost, now: ContinuousClock.Instant) -> MessagePacer<Input>.Admission {
        self.pacer.admit(input, cost: cost, now: now)
    }

    /// Starts the timer for the next token, unless it runs; `fire` is its turn, which calls ``release(deliver:)``.
    func scheduleRelease(on eventLoop: any EventLoop, fire: @escaping () -> Void) {
        guard self.releaseTimer == nil else { return }
        let delay = TimeAmount(self.pacer.untilNextToken(now: .now))
        self.releaseTimer = eventLoop.assumeIsolated().scheduleTask(in: delay) {
            self.releaseTimer = nil
            fire()
        }
    }

    /// The timer's turn: the inputs whose tokens came go to `deliver` in order, as long as it says the
    /// connection is still open.
    func release(deliver: (Input) -> Bool) -> Release {
        let now = ContinuousClock.now
        for input in self.pacer.release(now: now) {
            guard deliver(input) else { return .closed }
        }
        guard self.pacer.isHolding else { return .drained }
        if let since = self.pacer.pacedSince, now - since > self.pacer.limit { return .pacedTooLong }
        return .waiting
    }

    /// The connection is closing: what waits is dropped with it.
    func discard() {
        self.pacer.discard()
    }

    /// The connection is gone: the timer stops too.
    func stop() {
        self.releaseTimer?.cancel()
        self.releaseTimer = nil
        self.pacer.discard()
    }
}

extension Duration {
    /// A `Retry-After` value: whole seconds, rounded up, at least 1 (a client told 0 would come straight back).
    var retryAfterSeconds: Int {
        let (seconds, attoseconds) = self.components
        return max(Int((Double(seconds) + Double(attoseconds) / 1e18).rounded(.up)), 1)
    }
}

extension Double {
    /// The number as people type it after a flag and read it in help: `20`, not `20.0`; `0.5` stays.
    public var flagText: String {
        self == self.rounded() && abs(self) < 1e15 ? "\(Int(self))" : "\(self)"
    }
}

extension Duration {
    /// The duration in seconds as people type it after a flag (`--hello-timeout 60`): `60`, or `0.5`.
    public var secondsFlagText: String {
        let (seconds, attoseconds) = self.components
        return (Double(seconds) + Double(attoseconds) / 1e18).flagText
    }

    /// A duration given in seconds after a flag, to the millisecond; `.zero` for one that is not positive
    /// (`nan` included), which every flag of seconds refuses.
    public static func flagSeconds(_ seconds: Double) -> Duration {
        guard seconds > 0 else { return .zero }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// A byte count as people read it (docs/PROTOCOL.md, "Files"): `12 B`, `340 KiB`, `1.2 MiB`.
public enum FileSize {
    public static func text(_ bytes: Int) -> String {
        let kibibyte = 1024.0
        let value = Double(max(0, bytes))
        if value < kibibyte { return "\(max(0, bytes)) B" }
        if value < kibibyte * kibibyte { return "\(Int((value / kibibyte).rounded())) KiB" }
        let mebibytes = value / (kibibyte * kibibyte)
        // One decimal below 10 MiB, none above: "1.2 MiB", "48 MiB".
        if mebibytes < 10 {
            let tenths = Int((mebibytes * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) MiB"
        }
        return "\(Int(mebibytes.rounded())) MiB"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's open-file limit (RLIMIT_NOFILE).
///
/// Every connection is one socket, and shells and service managers often start a process with a soft
/// limit of 1024, far below the connections one gateway holds (or a benchmark opens). The soft limit
/// may be raised to the hard one without privileges, as nginx and most servers do at start.
public enum FileDescriptorLimit {
    /// Raises the soft limit to the hard limit; returns the soft limit now in force.
    @discardableResult
    public static func raiseToMaximum() -> Int {
        var limit = rlimit()
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        guard getrlimit(resource, &limit) == 0 else { return -1 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
    }
}

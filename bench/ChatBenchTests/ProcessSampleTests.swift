import Testing

@testable import ChatBench

#if canImport(Glibc)
import Glibc
#endif

@Test func cpuTicksAreUtimePlusStimeEvenWhenTheCommandHasSpaces() {
    let stat = "1234 (chat gateway) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 8 0 100 1000000 500"
    #expect(ProcessSample.cpuTicks(stat: stat) == 300)
}

@Test func residentMemoryIsReadFromVmRSS() {
    let status = "Name:\tchat-gateway\nVmPeak:\t  99999 kB\nVmRSS:\t   43688 kB\nThreads:\t8\n"
    #expect(ProcessSample.residentKiB(status: status) == 43688)
}

#if os(Linux)
@Test func thisProcessCanBeSampled() {
    let sample = ProcessSample.take([getpid()])
    #expect(sample.unreadable.isEmpty)
    #expect(sample.residentKiB > 0)
}

@Test func aMissingProcessIsReportedUnreadable() {
    #expect(ProcessSample.take([Int32.max]).unreadable == [Int32.max])
}
#endif

import ChatProtocol
import Testing

@testable import Gateway

@Suite struct ConnectionUploadsTests {
    static let file = FileID(hex: "0123456789abcdef0123456789abcdef")!

    @Test func aBodysFirstStatusAnswersItsUploadAndTheRestItsChunks() {
        var uploads = ConnectionUploads()
        #expect(uploads.size(of: Self.file) == nil)
        #expect(uploads.status(of: Self.file, size: 100) == .upload)
        #expect(uploads.status(of: Self.file, size: 100) == .chunk)
        #expect(uploads.status(of: Self.file, size: 100) == .chunk)
        #expect(uploads.size(of: Self.file) == 100)
    }

    @Test func anUploadResumedOnTheSameConnectionIsAnsweredAsAnUploadOnce() {
        var uploads = ConnectionUploads()
        _ = uploads.status(of: Self.file, size: 100)
        uploads.resume(Self.file)
        uploads.resume(Self.file)
        #expect(uploads.status(of: Self.file, size: 100) == .upload)
        #expect(uploads.status(of: Self.file, size: 100) == .chunk, "resumed once, however often it was marked")
    }

    @Test func pastItsCapacityTheOldestBodyIsForgotten() {
        var uploads = ConnectionUploads()
        let files = (0...ConnectionUploads.capacity).map { _ in FileID.random() }
        for file in files { _ = uploads.status(of: file, size: 1) }
        #expect(uploads.size(of: files[0]) == nil)
        #expect(uploads.size(of: files[1]) == 1 && uploads.size(of: files.last!) == 1)
    }
}

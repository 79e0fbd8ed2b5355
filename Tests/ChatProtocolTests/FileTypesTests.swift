import ChatProtocol
import Testing

/// File ids, metadata and sizes (docs/PROTOCOL.md, "Files").
@Suite struct FileTypesTests {
    @Test func anIdIs32LowercaseHexDigitsAndRoundTrips() throws {
        let id = try #require(FileID(hex: "0f1e2d3c4b5a69788796a5b4c3d2e1f0"))
        #expect(id.bytes.first == 0x0f && id.bytes.last == 0xf0 && id.hex == "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        for bad in ["0F1E2D3C4B5A69788796A5B4C3D2E1F0", "0f1e", "0f1e2d3c4b5a69788796a5b4c3d2e1fg", "", "0f1e2d3c4b5a69788796a5b4c3d2e1f0aa"] {
            #expect(FileID(hex: bad) == nil, "\(bad)")
        }
        #expect(FileID.random() != FileID.random())
        #expect(FileID(bytes: [1, 2, 3]) == nil)
    }

    @Test func metadataRoundTripsAndBadMetadataIsAFileNamedFile() {
        let metadata = FileMetadata(name: "cat.png", type: "image/png", thumb: "AAAA", width: 640, height: 480)
        #expect(FileMetadata(reading: metadata.text) == metadata)
        #expect(metadata.isInlineImage)
        #expect(FileMetadata(reading: "not json") == FileMetadata(name: "file", type: "application/octet-stream"))
        #expect(FileMetadata(reading: #"{"name":"x.svg","type":"image/svg+xml"}"#).isInlineImage == false)
        #expect(FileMetadata(reading: #"{"name":"a","type":"<script>"}"#).type == "application/octet-stream")
    }

    @Test func namesLoseSlashesBackslashesAndControlsAndAreNeverEmptyOrDots() {
        #expect(FileMetadata.safeName("../../etc/passwd") == "....etcpasswd")
        #expect(FileMetadata.safeName("a\\b\u{1b}[31mc\u{202e}d") == "ab[31mcd")
        #expect(FileMetadata.safeName("..") == "file")
        #expect(FileMetadata.safeName("  ") == "file")
        #expect(FileMetadata.safeName(String(repeating: "é", count: 200)).utf8.count == 254)
    }

    @Test func sizesReadAsPeopleWriteThem() {
        #expect(FileSize.text(12) == "12 B")
        #expect(FileSize.text(1023) == "1023 B")
        #expect(FileSize.text(340 * 1024) == "340 KiB")
        #expect(FileSize.text(1_258_291) == "1.2 MiB")
        #expect(FileSize.text(48 * 1024 * 1024) == "48 MiB")
    }
}

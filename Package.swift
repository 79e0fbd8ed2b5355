// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "private-chat",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chat-gateway", targets: ["GatewayApp"]),
        .executable(name: "chat-relay", targets: ["RelayApp"]),
        .executable(name: "chat", targets: ["ChatCLIApp"]),
        .executable(name: "chat-bench", targets: ["ChatBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/onevcat/Rainbow.git", from: "4.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // MARK: Shared

        // libzmq's headers and library from the system (Debian: libzmq3-dev). Not through pkg-config:
        // Debian's libzmq.pc adds Kerberos include flags that SwiftPM warns about on every build.
        .systemLibrary(name: "CZeroMQ", path: "Shared/CZeroMQ"),
        .target(
            name: "ZeroMQ",
            dependencies: [
                "CZeroMQ",
                // For ZMQLoopThread: a thread of its own, stopped on graceful shutdown.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Shared/ZeroMQ",
            swiftSettings: swiftSettings
        ),
        // Waiting for something another task or thread signals (``AsyncSignal``): for the gateway and the client.
        .target(
            name: "AsyncSignals",
            path: "Shared/AsyncSignals",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RelayProtocol",
            dependencies: ["ChatProtocol"],
            path: "Shared/RelayProtocol",
            swiftSettings: swiftSettings
        ),
        // The relay link's CurveZMQ keys and the gateways' proof of identity (docs/PROTOCOL.md, "The relay link").
        .target(
            name: "RelayLinkSecurity",
            dependencies: [
                "ZeroMQ", "ChatConfig", "ChatProtocol",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/RelayLinkSecurity",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChatProtocol",
            path: "Shared/ChatProtocol",
            swiftSettings: swiftSettings
        ),
        // End-to-end encryption (docs/PROTOCOL.md, "End-to-end encryption (e2e2)"): used by clients only.
        .target(
            name: "EndToEnd",
            dependencies: [
                "ChatProtocol", "Identity",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Shared/EndToEnd",
            swiftSettings: swiftSettings
        ),
        // Identity keys (docs/PROTOCOL.md, "Identity (id1)"): signing and verifying, for clients and gateways.
        .target(
            name: "Identity",
            dependencies: [
                "ChatProtocol",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Shared/Identity",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChatConfig",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Shared/ChatConfig",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Observability",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Shared/Observability",
            swiftSettings: swiftSettings
        ),

        // MARK: Relay

        .target(
            name: "Relay",
            dependencies: [
                "ZeroMQ", "RelayLinkSecurity", "RelayProtocol", "ChatProtocol", "ChatConfig", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Relay",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "RelayApp",
            dependencies: [
                "Relay", "ChatConfig", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/RelayApp",
            swiftSettings: swiftSettings
        ),

        // MARK: Gateway

        .target(
            name: "Gateway",
            dependencies: [
                "AsyncSignals", "Relay", "ZeroMQ", "RelayLinkSecurity", "RelayProtocol", "ChatProtocol", "ChatConfig", "Identity", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Services/Gateway",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "GatewayApp",
            dependencies: [
                "Gateway", "ChatConfig", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/GatewayApp",
            swiftSettings: swiftSettings
        ),

        // MARK: Client

        .target(
            name: "ChatClient",
            dependencies: [
                "AsyncSignals", "ChatProtocol", "EndToEnd", "Identity",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Services/ChatClient",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChatCLI",
            dependencies: [
                "ChatClient", "ChatProtocol", "ChatConfig", "EndToEnd", "Identity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Rainbow", package: "Rainbow"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Services/ChatCLI",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "ChatCLIApp",
            dependencies: [
                "ChatCLI", "ChatClient", "ChatConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/ChatCLIApp",
            swiftSettings: swiftSettings
        ),

        // MARK: Benchmarks

        // The load generator of `make bench` (bench/README.md): plain-protocol clients on raw SwiftNIO,
        // a fake gateway for the relay alone, and v1 clients that reconnect by ChatClient's own rules
        // (ClientState, Backoff) for the reconnect storm.
        .executableTarget(
            name: "ChatBench",
            dependencies: [
                "ChatClient", "ChatProtocol", "ChatConfig", "RelayLinkSecurity", "RelayProtocol", "ZeroMQ",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "bench/ChatBench",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests

        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ", "CZeroMQ"], path: "Tests/ZeroMQTests"),
        .testTarget(name: "AsyncSignalsTests", dependencies: ["AsyncSignals"], path: "Tests/AsyncSignalsTests"),
        .testTarget(name: "RelayProtocolTests", dependencies: ["RelayProtocol"], path: "Tests/RelayProtocolTests"),
        .testTarget(name: "RelayLinkSecurityTests", dependencies: ["RelayLinkSecurity", "ZeroMQ"], path: "Tests/RelayLinkSecurityTests"),
        .testTarget(name: "ChatProtocolTests", dependencies: ["ChatProtocol"], path: "Tests/ChatProtocolTests"),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["EndToEnd", "Identity", "ChatProtocol", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/EndToEndTests"
        ),
        .testTarget(name: "IdentityTests", dependencies: ["Identity", "ChatProtocol"], path: "Tests/IdentityTests"),
        .testTarget(
            name: "ChatCLITests",
            dependencies: [
                "ChatCLI", "ChatClient", "ChatProtocol", "EndToEnd", "Identity", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/ChatCLITests"
        ),
        // Test support: a gateway run in process, for the gateway's and the client's tests.
        .target(
            name: "GatewayTestSupport",
            dependencies: [
                "Gateway",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/GatewayTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChatClientTests",
            dependencies: ["ChatClient", "ChatProtocol", "EndToEnd", "Gateway", "GatewayTestSupport", "Identity"],
            path: "Tests/ChatClientTests"
        ),
        .testTarget(
            name: "ChatConfigTests",
            dependencies: ["ChatConfig", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/ChatConfigTests"
        ),
        .testTarget(name: "ChatBenchTests", dependencies: ["ChatBench"], path: "bench/ChatBenchTests"),
        .testTarget(name: "ObservabilityTests", dependencies: ["Observability"], path: "Tests/ObservabilityTests"),
        .testTarget(
            name: "RelayTests",
            dependencies: [
                "Relay", "ZeroMQ", "RelayLinkSecurity", "RelayProtocol", "ChatProtocol", "ChatConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/RelayTests"
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "GatewayTestSupport", "ChatProtocol", "RelayProtocol", "Identity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ],
            path: "Tests/GatewayTests"
        ),
    ]
)

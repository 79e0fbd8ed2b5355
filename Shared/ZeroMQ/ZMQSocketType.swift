import CZeroMQ

/// The libzmq socket patterns this project uses.
public enum ZMQSocketType: Sendable {
    case publisher
    case subscriber
    case dealer
    case router
    case pair

    var rawValue: Int32 {
        switch self {
        case .publisher: ZMQ_PUB
        case .subscriber: ZMQ_SUB
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .pair: ZMQ_PAIR
        }
    }
}

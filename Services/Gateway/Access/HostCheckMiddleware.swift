import Hummingbird

/// Answers HTTP requests (the GUI, `/api/share`, `/healthz`, `/metrics`) with 421 when an open chat's
/// ``HostAllowList`` refuses their `Host`; WebSocket upgrades get the same check in ``AccessPolicy``.
struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: AccessPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let decision = self.policy.checkHost(request.head.authority)
        guard decision == .allow else { return decision.response() }
        return try await next(request, context)
    }
}

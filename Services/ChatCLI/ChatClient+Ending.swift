import ChatClient

extension ChatClient {
    /// Runs the client until it ends; returns the error that ended it, `nil` if it was stopped.
    ///
    /// `run()` throws only ``ChatClientError``s; anything else is shown as the connection having closed.
    func runUntilEnded() async -> ChatClientError? {
        do {
            try await self.run()
            return nil
        } catch let error as ChatClientError {
            return error
        } catch {
            return ChatClientError(.closed, "\(error)")
        }
    }
}

extension StormRun {
    /// The outcome as report keys.
    func report(_ outcome: Outcome, into json: inout JSONLine) {
        let tally = outcome.tally
        json.add("ok", outcome.error == nil)
        json.add("error", outcome.error)
        json.add("connect_s", outcome.connectSeconds)
        if let timeline = outcome.timeline {
            let times = outcome.resumeTimes
            json.add("kill_to_last_resumed_s", StormTimeline.secondsToLast(times, from: timeline.killedAt))
            json.add("restart_to_last_resumed_s", StormTimeline.secondsToLast(times, from: timeline.restartedAt))
            json.add("kill_to_median_resumed_s", StormTimeline.seconds(times, quantile: 0.5, from: timeline.killedAt))
            json.add("kill_to_restart_s", MonotonicClock.seconds(from: timeline.killedAt, to: timeline.restartedAt))
            json.add("restart_to_healthy_s", timeline.healthyAt.map { MonotonicClock.seconds(from: timeline.restartedAt, to: $0) })
        }
        json.add("resumed", tally?.resumed)
        json.add("reconnect_attempts", tally?.counts.reconnectAttempts)
        json.add("failed_attempts", tally?.counts.failedAttempts)
        json.add("hello_refusals", tally?.counts.helloRefusals)
        json.add("gave_up", tally?.counts.fatal)
        json.add("first_failure", tally?.counts.firstFailure)
        json.add("history_gaps", tally?.counts.historyGaps)
        json.add("server_restarts_seen", tally?.counts.serverRestarts)
        json.add("sent", outcome.sent)
        json.add("acknowledged", outcome.acknowledged)
        json.add("refused", outcome.refused)
        json.add("first_refusal", outcome.firstRefusal)
        // Loss is known only once the ledgers were checked; before that it is null, not 0.
        let checked = outcome.checked ? tally : nil
        json.add("lost", checked?.lost)
        json.add("clients_with_loss", checked?.clientsWithLoss)
        json.add("missing_messages", outcome.missingMessages)
        json.add("most_clients_missing_one", outcome.mostClientsMissingOne)
        json.add("missing_said_from_s", outcome.missingSaidFrom, decimals: 2)
        json.add("missing_said_to_s", outcome.missingSaidTo, decimals: 2)
        json.add("duplicates", checked?.duplicates)
        json.add("out_of_order", checked?.outOfOrder)
        json.add("duplicate_frames", checked?.duplicateFrames)
        json.add("out_of_order_frames", checked?.outOfOrderFrames)
        json.add("unasked_welcomes", tally?.counts.unaskedWelcomes)
        json.add("wrong_room", tally?.counts.wrongRoom)
        json.add("presence_frames", tally?.counts.presenceFrames)
        json.add("undecodable_frames", tally?.counts.undecodable)
        json.add("bench_cpu_s", OwnCPU.seconds())
    }

    func summary(_ outcome: Outcome) -> String {
        var text = "storm: \(outcome.tally?.resumed ?? 0)/\(self.fleet.plan.clients) resumed"
        if let timeline = outcome.timeline, let last = StormTimeline.secondsToLast(outcome.resumeTimes, from: timeline.killedAt) {
            text += " \(JSONLine.number(last, decimals: 2)) s after the kill"
        }
        if let tally = outcome.tally, outcome.checked {
            text +=
                "; \(tally.counts.reconnectAttempts) reconnect attempts; \(outcome.acknowledged) messages, \(tally.lost) lost, \(tally.duplicates) duplicated"
        }
        if let error = outcome.error { text += " — FAILED: \(error)" }
        return text
    }
}

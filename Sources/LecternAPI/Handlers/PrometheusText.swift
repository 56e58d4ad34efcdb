/// The status figures in Prometheus' text exposition format.
enum PrometheusText {
    static func render(_ status: OperationsHandlers.StatusJSON) -> String {
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ value: Int64?) {
            guard let value else { return }
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            lines.append("\(name) \(value)")
        }
        metric("lectern_start_time_seconds", "gauge", "Unix time the master started.",
               status.startTime.map { Int64($0.timeIntervalSince1970) })
        metric("lectern_accepted_requests_total", "counter", "Requests accepted by the pool.", status.acceptedRequests)
        metric("lectern_active_workers", "gauge", "Workers serving a request.", Int64(status.activeWorkers))
        metric("lectern_idle_workers", "gauge", "Workers waiting for a request.", Int64(status.idleWorkers))
        metric("lectern_total_workers", "gauge", "Worker processes alive.", Int64(status.totalWorkers))
        metric("lectern_max_active_workers", "gauge", "Most workers busy at once since start.", status.maxActiveWorkers)
        metric("lectern_slow_requests_total", "counter", "Requests slower than the slow threshold.", status.slowRequests)
        metric("lectern_worker_restarts_total", "counter", "Workers that died and were replaced.", status.workerRestarts)
        metric("lectern_listen_queue", "gauge", "Connections waiting to be accepted.", status.listenQueue)
        metric("lectern_transfer_restarts_total", "counter", "Times the transfer child was restarted.", status.transferRestarts)
        metric("lectern_transfer_queue_depth", "gauge", "Jobs due and waiting for a transfer process.", status.transferQueueDepth)
        metric("lectern_running_jobs", "gauge", "Jobs leased to a transfer process.", status.runningJobs)
        metric("lectern_oldest_pending_job_age_seconds", "gauge", "Age of the oldest due job.", status.oldestPendingJobAgeSeconds)
        metric("lectern_recordings_in_flight", "gauge", "Recording files on their way to Drive.", status.recordingsInFlight)
        metric("lectern_recordings_failed", "gauge", "Recording files that failed for good (retry them).", status.recordingsFailed)
        metric("lectern_notifications_unsent", "gauge", "Notifications waiting in the outbox.", status.notificationsUnsent)
        metric("lectern_notifications_given_up", "gauge", "Notifications given up on, never sent.", status.notificationsGivenUp)
        metric("lectern_database_up", "gauge", "1 when the database answers.", status.database == "ok" ? 1 : 0)
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation
import LecternCore
import LecternStore

/// Health, the pool's status page and its Prometheus form.
enum OperationsHandlers {
    struct Health: JSONWritable {
        var status: String
        var database: String

        func write(to json: inout JSONWriter) {
            json.object { json in
                json.field("status", status)
                json.field("database", database)
            }
        }
    }

    private static let healthy = Health(status: "ok", database: "ok").jsonBytes
    private static let degraded = Health(status: "degraded", database: "unavailable").jsonBytes

    static func health(_ context: RequestContext) throws -> HTTPResponse {
        do {
            try context.db.ping()
            return .json(200, healthy)
        } catch DatabaseError.unavailable {
            var response = HTTPResponse.json(503, degraded)
            response.headers.append(("Retry-After", "5"))
            return response
        }
    }

    /// The status page is for admins, or for anyone on this machine (nginx allows only loopback).
    private static func authorize(_ context: RequestContext) throws {
        if context.request.isLoopback { return }
        _ = try context.user(in: [.admin])
    }

    struct WorkerJSON: Encodable {
        var pid: Int64
        var state: String
        var generation: Int64
        var requests: Int64
        var currentRequestMs: Int64?
        var lastRequestMs: Double
        var startedAt: Date
    }

    struct StatusJSON: Encodable {
        var startTime: Date?
        var acceptedRequests: Int64
        var activeWorkers: Int
        var idleWorkers: Int
        var totalWorkers: Int
        var configuredWorkers: Int64
        var maxActiveWorkers: Int64
        var slowRequests: Int64
        var workerRestarts: Int64
        var listenQueue: Int64?
        var transferPid: Int64?
        var transferRestarts: Int64
        var transferQueueDepth: Int64?
        var runningJobs: Int64?
        var oldestPendingJobAgeSeconds: Int64?
        var recordingsInFlight: Int64?
        var recordingsFailed: Int64?
        var notificationsUnsent: Int64?
        var notificationsGivenUp: Int64?
        var database: String
        var workers: [WorkerJSON]

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(startTime, forKey: .startTime)
            try c.encode(acceptedRequests, forKey: .acceptedRequests)
            try c.encode(activeWorkers, forKey: .activeWorkers)
            try c.encode(idleWorkers, forKey: .idleWorkers)
            try c.encode(totalWorkers, forKey: .totalWorkers)
            try c.encode(configuredWorkers, forKey: .configuredWorkers)
            try c.encode(maxActiveWorkers, forKey: .maxActiveWorkers)
            try c.encode(slowRequests, forKey: .slowRequests)
            try c.encode(workerRestarts, forKey: .workerRestarts)
            try c.encode(listenQueue, forKey: .listenQueue)
            try c.encode(transferPid, forKey: .transferPid)
            try c.encode(transferRestarts, forKey: .transferRestarts)
            try c.encode(transferQueueDepth, forKey: .transferQueueDepth)
            try c.encode(runningJobs, forKey: .runningJobs)
            try c.encode(oldestPendingJobAgeSeconds, forKey: .oldestPendingJobAgeSeconds)
            try c.encode(recordingsInFlight, forKey: .recordingsInFlight)
            try c.encode(recordingsFailed, forKey: .recordingsFailed)
            try c.encode(notificationsUnsent, forKey: .notificationsUnsent)
            try c.encode(notificationsGivenUp, forKey: .notificationsGivenUp)
            try c.encode(database, forKey: .database)
            try c.encode(workers, forKey: .workers)
        }

        enum CodingKeys: String, CodingKey {
            case startTime, acceptedRequests, activeWorkers, idleWorkers, totalWorkers, configuredWorkers,
                 maxActiveWorkers, slowRequests, workerRestarts, listenQueue, transferPid, transferRestarts,
                 transferQueueDepth, runningJobs, oldestPendingJobAgeSeconds, recordingsInFlight, recordingsFailed,
                 notificationsUnsent, notificationsGivenUp, database, workers
        }
    }

    /// The figures of the status page; shared with `lectern status`.
    static func snapshot(pool: PoolStatus?, db: Connection) -> StatusJSON {
        let queue = try? JobQueue(db).stats()
        let backlog = queue == nil ? nil : try? BacklogRepository(db).backlog()
        let workers = (pool?.workers ?? []).map { worker in
            WorkerJSON(pid: worker.pid, state: worker.state.name, generation: worker.generation,
                       requests: worker.requests, currentRequestMs: worker.currentRequestMs,
                       lastRequestMs: Double(worker.lastRequestUs) / 1_000,
                       startedAt: Date(timeIntervalSince1970: TimeInterval(worker.startedAt)))
        }
        return StatusJSON(
            startTime: pool.map { Date(timeIntervalSince1970: TimeInterval($0.startTime)) },
            acceptedRequests: pool?.acceptedRequests ?? 0,
            activeWorkers: pool?.activeWorkers ?? 0, idleWorkers: pool?.idleWorkers ?? 0,
            totalWorkers: workers.count, configuredWorkers: pool?.configuredWorkers ?? 0,
            maxActiveWorkers: pool?.maxActiveWorkers ?? 0, slowRequests: pool?.slowRequests ?? 0,
            workerRestarts: pool?.workerRestarts ?? 0, listenQueue: pool?.listenQueue,
            transferPid: pool.flatMap { $0.transferPID > 0 ? $0.transferPID : nil },
            transferRestarts: pool?.transferRestarts ?? 0,
            transferQueueDepth: queue?.due, runningJobs: queue?.running,
            oldestPendingJobAgeSeconds: queue.map { $0.oldestDueAgeSeconds ?? 0 },
            recordingsInFlight: backlog?.recordingsInFlight, recordingsFailed: backlog?.recordingsFailed,
            notificationsUnsent: backlog?.notificationsUnsent, notificationsGivenUp: backlog?.notificationsGivenUp,
            database: queue == nil ? "unavailable" : "ok", workers: workers)
    }

    static func status(_ context: RequestContext) throws -> HTTPResponse {
        try authorize(context)
        return JSONBody.response(200, snapshot(pool: context.services.poolStatus(), db: context.db))
    }

    static func metrics(_ context: RequestContext) throws -> HTTPResponse {
        try authorize(context)
        let status = snapshot(pool: context.services.poolStatus(), db: context.db)
        return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                            body: Array(PrometheusText.render(status).utf8))
    }
}

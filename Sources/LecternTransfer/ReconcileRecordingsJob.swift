import Foundation
import LecternCore
import LecternPool
import LecternStore
import LecternZoom
import Logging

/// `duty.reconcile_recordings`: hourly, lists the pool hosts' cloud recordings of the last
/// 48 hours and admits any that no webhook brought (SPEC §8: deliveries can be lost).
public struct ReconcileRecordingsJob: JobHandler {
    public static let kind = "duty.reconcile_recordings"
    public static let interval: TimeInterval = 3600
    static let window: TimeInterval = 48 * 3600

    let db: Connection
    let zoom: ZoomClientSource
    let fileTypes: [String]
    let logger: Logger

    public init(db: Connection, zoom: ZoomClientSource, fileTypes: [String], logger: Logger) {
        self.db = db
        self.zoom = zoom
        self.fileTypes = fileTypes
        self.logger = logger
    }

    public var kind: String { Self.kind }

    public func run(_ job: JobQueue.ClaimedJob) throws -> JobOutcome {
        let now = Date()
        let from = CalendarDay(containing: now.addingTimeInterval(-Self.window), in: .gmt).description
        let to = CalendarDay(containing: now, in: .gmt).description
        var admitted = 0
        var failures: [String] = []
        for host in try activeHosts() {
            do {
                admitted += try reconcile(host, from: from, to: to)
            } catch let error as ZoomError where error.status == 404 {
                logger.info("reconcile: Zoom does not know pool host \(host.email)", metadata: ["error": "\(error)"])
            } catch {
                // One host's trouble must not hide the others' recordings.
                failures.append("\(host.email): \(error)")
            }
        }
        logger.info("reconcile: \(admitted) meetings' recordings admitted that no webhook brought",
                    metadata: failures.isEmpty ? [:] : ["failed_hosts": "\(failures.count)"])
        return failures.isEmpty ? .done : .failed(reason: failures.joined(separator: "; "))
    }

    private func reconcile(_ host: PoolRepository.Host, from: String, to: String) throws -> Int {
        let client = try zoom.client(appID: host.appID)
        var admitted = 0
        var pageToken: String?
        repeat {
            let page = try client.userRecordings(userID: host.zoomUser, from: from, to: to, pageToken: pageToken)
            for meeting in page.meetings {
                let added = try db.transaction { tx in
                    try RecordingRepository(tx).admit(meeting.intake, fileTypes: fileTypes, appID: host.appID,
                                                      downloadTokenSealed: nil, downloadTokenExpiresAt: nil)
                }
                if added == .added { admitted += 1 }
            }
            pageToken = page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 }
        } while pageToken != nil
        return admitted
    }

    private func activeHosts() throws -> [PoolRepository.Host] {
        var hosts: [PoolRepository.Host] = []
        var after: Int64 = 0
        while true {
            let page = try PoolRepository(db).hosts(afterID: after, limit: 500)
            hosts += page.filter(\.isActive)
            guard page.count == 500, let last = page.last else { return hosts }
            after = last.id
        }
    }
}

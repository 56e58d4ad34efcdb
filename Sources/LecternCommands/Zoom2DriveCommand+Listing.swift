import Foundation
import LecternCore
import LecternHTTPClient
import LecternPool
import LecternStore
import LecternZoom

extension Zoom2DriveCommand {
    /// What the listing found: the inventory, and the meetings to admit for a transfer.
    struct Listing {
        var inventory: BulkCopyInventory
        /// Meetings with at least one transferable file, as the pipeline's intake takes them.
        var meetings: [WebhookRecordings]
    }

    /// A Zoom user to list: the id to ask with (an email works too) and the email to show.
    struct Target {
        var zoomID: String
        var email: String
    }

    /// Lists the chosen users' recordings over `range`, through the pool's Zoom app (app #1).
    func listing(config: Configuration, db: Connection, range: DayRange) throws -> Listing {
        let zoom = try ZoomApps(db: db, configuration: config, transport: HTTPClient())
            .client(appID: ZoomAppRepository.environmentAppID)
        let status = StatusLine(enabled: isatty(STDERR_FILENO) == 1)
        defer { status.clear() }
        let targets = try self.targets(zoom, status: status)
        var listing = Listing(inventory: BulkCopyInventory(fileTypes: config.fileTypes), meetings: [])
        for (index, target) in targets.enumerated() {
            status.show("listing recordings: user \(index + 1) of \(targets.count) (\(target.email))")
            let meetings: [ZoomMeetingRecordings]
            do {
                meetings = try patiently(status) { try zoom.allRecordings(userID: target.zoomID, in: range) }
            } catch let error as ZoomError where error.status == 404 {
                guard allUsers else { throw CommandFailure("Zoom has no user \(target.email): \(error)") }
                // Deleted between the user listing and this one: nothing of theirs to move.
                status.note("zoom2drive: skipped \(target.email): \(error)")
                continue
            }
            let intakes = meetings.map { meeting in
                var intake = meeting.intake
                // The files are filed under their host; the listing's owner is that host.
                if intake.meeting.hostEmail?.isEmpty ?? true { intake.meeting.hostEmail = target.email }
                return intake
            }
            listing.inventory.add(user: target.email, meetings: intakes)
            listing.meetings += intakes.filter { $0.files.contains { $0.isTransferable(fileTypes: config.fileTypes) } }
        }
        return listing
    }

    /// `--user EMAIL`, or every active (and with `--include-inactive`, inactive) user but the skipped ones.
    private func targets(_ zoom: ZoomAPI, status: StatusLine) throws -> [Target] {
        guard allUsers else { return [Target(zoomID: user, email: user)] }
        status.show("listing users")
        let users = try patiently(status) {
            try zoom.allUsers(statuses: includeInactive ? [.active, .inactive] : [.active])
        }
        let skipped = Set(skip.map { $0.lowercased() })
        let known = Set(users.map { $0.email.lowercased() })
        for email in skipped.subtracting(known).sorted() {
            status.note("zoom2drive: --skip \(email): no such user in the listing")
        }
        return users.filter { !skipped.contains($0.email.lowercased()) }.map { Target(zoomID: $0.id, email: $0.email) }
    }

    /// Runs a whole listing again when Zoom still rate-limits it after the client's own
    /// retries: a migration of thousands of users outlasts a burst, so it waits (15–30 s,
    /// doubling up to 5 minutes, five times at most) rather than giving up. Starting the
    /// listing afresh also avoids page tokens that expired meanwhile.
    private func patiently<T>(_ status: StatusLine, _ body: () throws -> T) throws -> T {
        let backoff = RetryBackoff(base: 30, cap: 300)
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as ZoomError {
                guard case .rateLimited = error, attempt < 5 else { throw error }
                attempt += 1
                let delay = backoff.delay(afterAttempt: attempt, jitter: Double.random(in: 0..<1))
                status.note("zoom2drive: \(error); listing again in \(TransferProgress.durationText(delay))")
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }
}

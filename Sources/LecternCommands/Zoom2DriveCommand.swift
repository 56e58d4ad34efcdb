import ArgumentParser
import Foundation
import LecternCore
import LecternPool
import LecternProcess
import LecternStore
import Logging

/// `lectern zoom2drive`: the bulk migration of SPEC §9 (seed 003's `zoom2g`, done right):
/// lists every chosen user's cloud recordings month by month, following every page, and
/// either reports them or moves them through the same pipeline as the transfer child.
struct Zoom2DriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoom2drive",
        abstract: "List Zoom cloud recordings per user, or move them all to Google Drive.",
        discussion: """
            Recordings are listed month by month from --from to --to (UTC days, both included), \
            following every page. --action list prints per user the meetings, files and bytes \
            Lectern would move (LECTERN_FILE_TYPES, completed files only), then the totals. \
            --action transfer asks for confirmation (unless --yes), then moves every file through \
            the transfer pipeline: the same recordings rows as the transfer child, so a file \
            another process is copying is waited for, and a second run skips what is done and \
            resumes what is half done. Exits 1 if any file failed.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case list, transfer
    }

    @OptionGroup var options: ConfigOptions

    @Option(help: "A Zoom user's email, or `all` for every active user.")
    var user: String

    @Option(help: "A user to leave out of `--user all` (repeatable; case-insensitive).")
    var skip: [String] = []

    @Option(help: "First day, YYYY-MM-DD (UTC; default: the first day of this month).")
    var from: String?

    @Option(help: "Last day, YYYY-MM-DD (UTC; default: today).")
    var to: String?

    @Option(help: "What to do with the recordings found.")
    var action: Action = .list

    @Option(help: "What to do with Zoom's copy once Drive's is verified: trash, delete or keep (default: LECTERN_ZOOM_AFTER_TRANSFER).")
    var after: AfterTransferAction?

    @Flag(help: "With `--user all`, deactivated users too.")
    var includeInactive = false

    @Option(help: "Files moved at once (default: LECTERN_TRANSFER_CONCURRENCY).")
    var concurrency: Int?

    @Flag(help: "Transfer without asking for confirmation.")
    var yes = false

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    var allUsers: Bool { user.lowercased() == "all" }

    func validate() throws {
        if !allUsers, !Self.isEmail(user) {
            throw ValidationError("--user '\(user)' is neither an email address nor 'all'")
        }
        if let bad = skip.first(where: { !Self.isEmail($0) }) {
            throw ValidationError("--skip '\(bad)' is not an email address")
        }
        if !allUsers, !skip.isEmpty { throw ValidationError("--skip only applies to --user all") }
        if !allUsers, includeInactive { throw ValidationError("--include-inactive only applies to --user all") }
        if let concurrency, !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be 1 to 64") }
        if action == .list, after != nil { throw ValidationError("--after only applies to --action transfer") }
        _ = try range(today: Date())
    }

    /// The days to list: `--from`…`--to`, with the defaults of SPEC §9 (UTC).
    func range(today now: Date) throws -> DayRange {
        let today = CalendarDay(containing: now, in: .gmt)
        let first = try from.map { try Self.day($0, option: "--from") } ?? today.adding(days: 1 - today.day)
        let last = try to.map { try Self.day($0, option: "--to") } ?? today
        guard first <= last else {
            throw ValidationError("--from \(first) is after --to \(last)")
        }
        return try DayRange(from: first, to: last)
    }

    static func day(_ text: String, option: String) throws -> CalendarDay {
        guard let day = CalendarDay(parsing: text) else { throw ValidationError("\(option) '\(text)' is not a YYYY-MM-DD date") }
        return day
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    func run() throws {
        try runReportingErrors {
            let config = try options.load()
            // Progress and results are the output, failures included; the pipeline's own lines
            // about them would break the progress line up.
            LineLogHandler.bootstrap(level: .error)
            let logger = Logger(label: "zoom2drive")
            let db = try config.databaseConnection(logger: logger)
            defer { db.close() }
            try EnvironmentApp.sync(configuration: config, db: db)
            guard try ZoomAppRepository(db).find(id: ZoomAppRepository.environmentAppID) != nil else {
                throw CommandFailure("the Zoom app is not configured: set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET")
            }
            let range = try self.range(today: Date())
            let found = try listing(config: config, db: db, range: range)
            switch action {
            case .list:
                if json {
                    print(String(decoding: try found.inventory.json(range: range), as: UTF8.self))
                } else {
                    print("Zoom cloud recordings \(range.from) to \(range.to) (\(config.fileTypes.joined(separator: ","))):")
                    found.inventory.table.forEach { print($0) }
                }
            case .transfer:
                try transfer(found, config: config, db: db, logger: logger)
            }
        }
    }
}

extension AfterTransferAction: ExpressibleByArgument {}

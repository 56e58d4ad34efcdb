import ArgumentParser
import Foundation
import LecternSim

/// `lectern-sim`: a local emulator of the Zoom endpoints Lectern uses (SPEC §11).
@main
struct LecternSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lectern-sim",
        abstract: "Emulate Zoom's and Google Drive's endpoints locally, with faults on demand.",
        discussion: """
            Zoom's API is served under /v2 and its OAuth endpoint at /oauth/token, so point \
            ZOOM_API_BASE at http://HOST:PORT/v2 and ZOOM_OAUTH_BASE at http://HOST:PORT. Recording \
            downloads are /rec/download/{fileId} (302 to /rec/file/{fileId}). Google's token endpoint \
            is POST /token (use http://HOST:PORT/token as the key's token_uri) and Drive v3 is under \
            /drive/v3 and /upload/drive/v3, so point DRIVE_API_BASE at http://HOST:PORT. \
            Control routes: POST/GET/DELETE /_sim/faults \
            {"method","path","status","retry_after","code","message","reason","latency_ms","drop","html",\
            "drop_after_bytes","count"}, POST /_sim/latency {"ms"}, \
            POST /_sim/tokens/expire (Zoom, download and Google tokens), POST /_sim/apps, POST /_sim/users, \
            GET /_sim/meetings, PATCH /_sim/meetings/{id} {"status"}, GET /_sim/stats, POST /_sim/reset, \
            POST /_sim/recordings {"host_email","topic","start_time","duration","timezone","file_types","file_size"}, \
            GET /_sim/recordings, POST /_sim/google/service-accounts (a service-account JSON key), \
            GET /_sim/drive/files, POST /_sim/drive/sessions/expire. \
            Webhooks (signed like Zoom's, sent to --webhook-url or PUT /_sim/webhook {"url","secret","ca_file"}): \
            POST /_sim/meetings/{id}/start sends meeting.started; POST /_sim/meetings/{id}/end sends \
            meeting.ended and, for a meeting recorded to the cloud, recording.completed for its files.
            """)

    @Option(help: "Port to listen on (0 picks a free one, printed on stdout).") var port: Int = 8090
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Flag(help: "Serve HTTPS (not available in this build: put nginx in front for TLS).") var tls = false
    @Option(help: "Directory to keep the emulator's state in across restarts.") var state: String?
    @Option(help: "Milliseconds added to every emulated API answer.") var latencyMs: Int = 0
    @Option(help: "Zoom account id the OAuth endpoint accepts.") var zoomAccountId = "sim-account"
    @Option(help: "Zoom client id the OAuth endpoint accepts.") var zoomClientId = "sim-client"
    @Option(help: "Zoom client secret the OAuth endpoint accepts.") var zoomClientSecret = "sim-secret"
    @Option(help: "Where to deliver webhooks, e.g. https://127.0.0.1:8443/schedule/api/zoom/webhook/.")
    var webhookUrl: String?
    @Option(help: "Webhook secret token to sign deliveries with (Lectern's ZOOM_WEBHOOK_SECRET_TOKEN).")
    var webhookSecret = "sim-webhook-secret"
    @Option(help: "PEM file to trust for the webhook URL's certificate (e.g. a self-signed one).")
    var webhookCaFile: String?
    @Option(help: ArgumentHelp("Google service-account JSON key whose assertions the token endpoint accepts (repeatable).",
                               valueName: "file"))
    var googleServiceAccount: [String] = []
    @Option(help: "Id of the emulated shared drive's root folder.")
    var driveRootFolderId = SimApp.defaultDriveRootFolderID

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must not be negative") }
        if tls { throw ValidationError("--tls is not available in this build; put nginx in front for TLS") }
        if let webhookUrl, !(webhookUrl.hasPrefix("http://") || webhookUrl.hasPrefix("https://")) {
            throw ValidationError("--webhook-url must be an http:// or https:// URL")
        }
        guard !driveRootFolderId.isEmpty else { throw ValidationError("--drive-root-folder-id must not be empty") }
        for file in googleServiceAccount where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("--google-service-account \(file) is not a readable file")
        }
    }

    /// Bad arguments exit 2 with one line naming the problem, like `lectern` (SPEC §13).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
                FileHandle.standardError.write(Data("lectern-sim: \(message)\n".utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    func run() throws {
        let app = try SimApp(
            defaultApp: SimZoomApp(accountId: zoomAccountId, clientId: zoomClientId, clientSecret: zoomClientSecret),
            latencyMilliseconds: latencyMs, stateDirectory: state.map { URL(fileURLWithPath: $0) },
            driveRootFolderID: driveRootFolderId)
        for file in googleServiceAccount {
            do {
                try app.addGoogleServiceAccount(json: Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw ValidationError("--google-service-account \(file) is not a service-account key: \(error)")
            }
        }
        let server = SimServer(app: app)
        let bound = try server.start(host: host, port: port)
        app.setBaseURL("http://\(host):\(bound)")
        if let webhookUrl {
            app.webhooks.configure(.init(url: webhookUrl, secret: webhookSecret, caFile: webhookCaFile))
        }
        print("lectern-sim listening on http://\(host):\(bound)")
        fflush(stdout)
        try server.wait()
    }
}

import Foundation
import LecternCrypto

/// The Google side of the emulator (SPEC §7, §11): the OAuth token endpoint for service
/// accounts (`GoogleSimulator+Token.swift`), and Drive v3 over one shared drive
/// (`GoogleSimulator+Drive.swift`, `GoogleSimulator+Upload.swift`). Not thread-safe: ``SimApp`` serialises.
final class GoogleSimulator {
    static let folderMimeType = "application/vnd.google-apps.folder"

    /// The shared drive's root folder; everything Lectern files lives under it.
    let rootFolderID: String
    var state: GoogleSnapshot
    /// Verifiers for the service accounts' keys, by `private_key_id`.
    var verifiers: [String: RS256Verifier] = [:]
    /// Access tokens issued, with their expiry.
    var tokens: [String: Date] = [:]
    /// Resumable uploads, by `upload_id`.
    var sessions: [String: SimUploadSession] = [:]
    /// Armed permission refusals, by lower-case email (`GoogleSimulator+Permissions.swift`).
    var permissionRefusals: [String: SimPermissionRefusal] = [:]

    /// - Throws: `CryptoError.invalidPrivateKey` when a remembered service account's key no longer loads.
    init(state: GoogleSnapshot, rootFolderID: String) throws {
        self.state = state
        self.rootFolderID = rootFolderID
        for account in state.serviceAccounts {
            verifiers[account.privateKeyId] = try RS256Verifier(privateKeyPEM: account.privateKey)
        }
        addRootFolder()
    }

    // MARK: Control

    /// Accepts tokens signed with `account`'s key from now on (replacing a key with the same id).
    /// - Throws: `CryptoError.invalidPrivateKey`.
    func addServiceAccount(_ account: SimServiceAccount) throws {
        verifiers[account.privateKeyId] = try RS256Verifier(privateKeyPEM: account.privateKey)
        state.serviceAccounts.removeAll { $0.privateKeyId == account.privateKeyId }
        state.serviceAccounts.append(account)
    }

    func expireTokens(now: Date) {
        for key in tokens.keys { tokens[key] = now }
    }

    /// Forgets every upload session, as Google does after a week: the next `PUT` gets 404.
    func expireSessions() {
        sessions = [:]
    }

    /// Trashes a file or folder as a person would in Drive's web page; `false` when there is none.
    func trash(id: String) -> Bool {
        guard id != rootFolderID, let index = state.files.firstIndex(where: { $0.id == id }) else { return false }
        state.files[index].trashed = true
        return true
    }

    /// An empty shared drive again.
    func reset() {
        state.files = []
        state.permissions = nil
        sessions = [:]
        permissionRefusals = [:]
        addRootFolder()
    }

    private func addRootFolder() {
        guard !state.files.contains(where: { $0.id == rootFolderID }) else { return }
        state.files.insert(SimDriveFile(id: rootFolderID, name: "Lectern (emulated shared drive)",
                                        mimeType: Self.folderMimeType, parents: [], appProperties: [:],
                                        trashed: false), at: 0)
    }

    // MARK: Requests

    /// Answers a Google route, or `nil` when the path is not one.
    /// - Parameters:
    ///   - base: the emulator's own address, for upload session URIs.
    ///   - dropAfterBytes: an armed fault: take only this much of an upload chunk, then drop the connection.
    func handle(_ request: SimRequest, now: Date, base: String, dropAfterBytes: Int64?) -> SimResponse? {
        let path = request.rawSegments
        switch path.first {
        case "token" where path.count == 1:
            guard request.method == "POST" else { return .oauthError(405, "invalid_request", "Use POST.") }
            return issueToken(request, now: now)
        case "drive" where Array(path.prefix(3)) == ["drive", "v3", "files"]:
            if let refused = authenticate(request, now: now) { return refused }
            return handleFiles(request, path: Array(path.dropFirst(3)))
        case "upload" where path == ["upload", "drive", "v3", "files"]:
            return handleUpload(request, now: now, base: base, dropAfterBytes: dropAfterBytes)
        case "drive", "upload":
            return .googleError(404, reason: "notFound", "No such Drive API: \(request.method) \(request.rawPath).")
        default:
            return nil
        }
    }

    /// `nil` when the request carries a live access token, else Google's 401.
    func authenticate(_ request: SimRequest, now: Date) -> SimResponse? {
        guard let token = request.bearerToken, let expiry = tokens[token], expiry > now else {
            return .googleError(401, reason: "authError", "Request had invalid authentication credentials.")
        }
        return nil
    }

    static func randomID() -> String {
        "1" + ZoomSimulator.randomID(32)
    }
}

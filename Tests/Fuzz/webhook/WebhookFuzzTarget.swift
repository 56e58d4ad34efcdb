import Foundation
import LecternCore

/// libFuzzer entry point over the webhook's pure parts: signature and timestamp checks,
/// event parsing, dedupe keys, file selection and body redaction (built by ../fuzz-webhook
/// together with Sources/LecternZoom/ZoomWebhookVerifier.swift).
///
/// Input layout: byte 0 chooses the mode. Mode 0 splits the rest at NUL bytes into
/// (signature header, timestamp header, body) and checks that only a correct signature for
/// that body can pass. Other modes sign the rest as a body properly and then require the
/// verifier to accept it before parsing it, so that the parser sees every input the
/// fuzzer makes. Invariants that must hold are checked with `precondition`, so a violation
/// is reported as a crash.
enum WebhookFuzzTarget {
    static let secret = "fuzz-secret"
    static let now = Date(timeIntervalSince1970: 1_700_000_000)
    static let verifier = ZoomWebhookVerifier(secrets: [.init(appID: 1, value: "other"), .init(appID: 2, value: secret)])
    static let fileTypes = ["MP4", "M4A", "TRANSCRIPT", "CHAT", "CC", "TIMELINE"]

    static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        if mode % 4 == 0 {
            checkForgery(rest)
        } else {
            let timestamp = String(1_700_000_000 + Int(mode) - 128)
            let signature = ZoomWebhookVerifier.signature(secret: secret, timestamp: timestamp, body: rest)
            let matched = try? verifier.verify(signature: signature, timestamp: timestamp, body: rest, now: now)
            precondition(matched?.appID == 2, "a correctly signed body was refused")
            parse(rest)
        }
    }

    /// Arbitrary headers pass only when they are exactly the signature Zoom would send.
    private static func checkForgery(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).map(Array.init)
        let signature = parts.count > 0 ? String(decoding: parts[0], as: UTF8.self) : nil
        let timestamp = parts.count > 1 ? String(decoding: parts[1], as: UTF8.self) : nil
        let body = parts.count > 2 ? parts[2] : []
        guard let matched = try? verifier.verify(signature: signature, timestamp: timestamp, body: body, now: now) else {
            return
        }
        let expected = ZoomWebhookVerifier.signature(secret: matched.value, timestamp: timestamp ?? "", body: body)
        precondition(signature?.lowercased() == expected, "a signature that is not the body's HMAC was accepted")
        precondition(WebhookTimestamp.seconds(from: timestamp).map { abs($0 - 1_700_000_000) <= 300 } == true,
                     "a stale or malformed timestamp was accepted")
    }

    private static func parse(_ body: [UInt8]) {
        let event: ZoomWebhookEvent
        do {
            event = try ZoomWebhookEvent.parse(body)
        } catch let error as WebhookParseError {
            precondition(!error.detail.isEmpty, "a parse error without a detail")
            return
        } catch {
            preconditionFailure("parse threw something other than WebhookParseError: \(error)")
        }
        precondition(!event.name.isEmpty, "an event without a name")
        if let key = event.dedupeKey {
            precondition(key.unicodeScalars.count <= 191, "a dedupe key longer than its column")
        }
        switch event.action {
        case .validateURL(let token):
            precondition(!token.isEmpty)
            _ = ZoomWebhookVerifier.encryptedToken(plainToken: token, secret: secret)
        case .meetingStarted(let meeting), .meetingEnded(let meeting):
            precondition(meeting.id != nil || meeting.uuid != nil, "a meeting event without a meeting")
            checkColumns(meeting)
        case .recordingsCompleted(let recordings), .recordingsRemoved(let recordings):
            precondition(recordings.meeting.uuid != nil, "a recording event without a meeting UUID")
            checkColumns(recordings.meeting)
            for file in recordings.files {
                precondition(!file.id.isEmpty && file.id.utf8.count <= 128)
                precondition(file.fileType.unicodeScalars.count <= 32 && file.fileExtension.unicodeScalars.count <= 16)
                precondition(file.fileSize >= 0)
                _ = file.isTransferable(fileTypes: fileTypes)
                _ = RecordingTransferJob.dedupeKey(zoomFileID: file.id)
            }
            let redacted = WebhookBodyRedaction.redact(body, secrets: recordings.downloadToken.map { [$0] } ?? [])
            if let token = recordings.downloadToken, token.count >= 16 {
                precondition(!WebhookBodyRedaction.containsLiterally(redacted, token), "the download token survived redaction")
            }
        case .unknown:
            break
        }
    }

    private static func checkColumns(_ meeting: WebhookMeeting) {
        precondition((meeting.uuid?.utf8.count ?? 0) <= 128 && (meeting.id?.unicodeScalars.count ?? 0) <= 32)
        precondition((meeting.topic?.unicodeScalars.count ?? 0) <= 300)
        precondition((meeting.hostEmail?.unicodeScalars.count ?? 0) <= 254)
        precondition((meeting.timezone?.unicodeScalars.count ?? 0) <= 64)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func webhookFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    WebhookFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}

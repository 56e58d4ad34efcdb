import Foundation

/// The armed faults; each fires for its `count` matching requests, first armed first.
final class FaultInjector {
    private var faults: [Fault] = []

    func add(_ fault: Fault) {
        faults.append(fault)
    }

    func clear() {
        faults = []
    }

    var armed: [Fault] { faults }

    /// The fault this request triggers, consuming one of its uses.
    func take(for request: SimRequest) -> Fault? {
        guard let index = faults.firstIndex(where: { $0.matches(request) }) else { return nil }
        let fault = faults[index]
        let remaining = fault.count ?? 1
        if remaining > 0 {
            if remaining == 1 {
                faults.remove(at: index)
            } else {
                faults[index].count = remaining - 1
            }
        }
        return fault
    }

    /// The answer a fault gives instead of the real one, or `nil` when it only delays or cuts
    /// the real one short (`dropAfterBytes`). Errors on Google's paths have Google's shapes.
    static func response(for fault: Fault, to request: SimRequest) -> SimResponse? {
        if fault.drop == true {
            var response = SimResponse(status: 0)
            response.drop = true
            return response
        }
        if fault.html == true {
            return .html(fault.status ?? 200, title: fault.message ?? "Service temporarily unavailable")
        }
        guard let status = fault.status else { return nil }
        let message = fault.message ?? "Injected fault (HTTP \(status))."
        var response: SimResponse
        switch request.rawSegments.first {
        case "drive", "upload":
            response = .googleError(status, reason: fault.reason ?? defaultReason(status), message)
        case "token":
            response = .oauthError(status, fault.reason ?? "internal_failure", message)
        default:
            response = .zoomError(status, code: fault.code ?? status, message)
        }
        if let retryAfter = fault.retryAfter { response.headers.append(("Retry-After", retryAfter)) }
        return response
    }

    /// Google's usual reason for a status.
    private static func defaultReason(_ status: Int) -> String {
        switch status {
        case 429: return "rateLimitExceeded"
        case 403: return "forbidden"
        case 404: return "notFound"
        case 500...: return "backendError"
        default: return "badRequest"
        }
    }
}

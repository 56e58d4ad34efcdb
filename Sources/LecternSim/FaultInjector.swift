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

    /// The answer a fault gives instead of the real one, or `nil` when it only delays.
    static func response(for fault: Fault) -> SimResponse? {
        if fault.drop == true {
            var response = SimResponse(status: 0)
            response.drop = true
            return response
        }
        guard let status = fault.status else { return nil }
        var response = SimResponse.zoomError(status, code: fault.code ?? status,
                                             fault.message ?? "Injected fault (HTTP \(status)).")
        if let retryAfter = fault.retryAfter { response.headers.append(("Retry-After", retryAfter)) }
        return response
    }
}

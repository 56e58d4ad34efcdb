import LecternCore

extension JobQueue {
    /// Queues a Drive sharing run, due now (SPEC §7 "Sharing"): a quick one after a change
    /// of membership or a new folder, one that lists Drive's permissions too on request.
    /// Every change gets its own job, so a run already in progress never swallows a later change.
    public func enqueueSharingRun(listDrive: Bool) throws {
        try enqueue(kind: DriveSharingRequest.kind, payload: DriveSharingRequest.payload(listDrive: listDrive))
    }
}

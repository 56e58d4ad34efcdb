import LecternCore

/// Whole listings out of Zoom's pages: every `next_page_token` is followed (the thesis'
/// `zoom2g` read only the first page, and so missed users and recordings).
extension ZoomAPI {
    /// Every user with one of `statuses`, in Zoom's order, each status paged to its end.
    public func allUsers(statuses: [ZoomUserStatus]) throws -> [ZoomUser] {
        var users: [ZoomUser] = []
        for status in statuses {
            try Self.pages { token in
                let page = try self.users(status: status, pageToken: token)
                users += page.users
                return page.nextPageToken
            }
        }
        return users
    }

    /// Every recorded meeting of `userID` (an id or an email) that started within `range`,
    /// asked month by month (Zoom refuses ranges over one month), each window paged to its end.
    public func allRecordings(userID: String, in range: DayRange) throws -> [ZoomMeetingRecordings] {
        var meetings: [ZoomMeetingRecordings] = []
        for window in range.monthWindows {
            try Self.pages { token in
                let page = try userRecordings(userID: userID, from: window.from.description, to: window.to.description,
                                              pageToken: token)
                meetings += page.meetings
                return page.nextPageToken
            }
        }
        return meetings
    }

    /// Calls `page` with `nil`, then with each token it returns, until one is empty or absent.
    /// A token handed out twice would loop for ever: that is Zoom misbehaving, and an error.
    private static func pages(_ page: (String?) throws -> String?) throws {
        var seen: Set<String> = []
        var token: String?
        repeat {
            token = try page(token).flatMap { $0.isEmpty ? nil : $0 }
            if let token, !seen.insert(token).inserted {
                throw ZoomError.badResponse("next_page_token \(token.prefix(12))… came back a second time")
            }
        } while token != nil
    }
}

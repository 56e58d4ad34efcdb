import ArgumentParser
import LecternAPI

/// `lectern routes`: the API's route table, one `METHOD /pattern` a line, from the router
/// itself (the OpenAPI conformance test compares it with the document).
struct RoutesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes", abstract: "List the HTTP API's routes, one `METHOD /path` a line.")

    func run() throws {
        for entry in Routes.table { print(entry) }
    }
}

/// `GET /api/schema/`: the OpenAPI document of the API.
enum SchemaHandlers {
    /// `application/yaml` (RFC 9512).
    static let contentType = "application/yaml; charset=utf-8"

    /// Byte for byte `Sources/LecternAPI/openapi.yaml`, embedded in the binary when it is built,
    /// so every copy of the binary (a deploy's release directory too) serves its own contract.
    static func schema(_ context: RequestContext) throws -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", contentType)], body: PackageResources.openapi_yaml)
    }
}

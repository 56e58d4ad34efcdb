import LecternCore
import XCTest

final class DownloadHostPolicyTests: XCTestCase {
    func testTheDefaultAllowsZoomOverHTTPSOnly() {
        let policy = DownloadHostPolicy.standard
        XCTAssertTrue(policy.permitsDownload(from: "https://zoom.us/rec/download/abc"))
        XCTAssertTrue(policy.permitsDownload(from: "https://us06web.zoom.us/rec/download/abc?x=1"))
        XCTAssertTrue(policy.permitsDownload(from: "https://ZOOMGOV.com/rec/download/abc"))
        XCTAssertFalse(policy.permitsDownload(from: "http://zoom.us/rec/download/abc"))
        XCTAssertFalse(policy.permitsDownload(from: "https://zoom.us.evil.example/rec"))
        XCTAssertFalse(policy.permitsDownload(from: "https://evilzoom.us/rec"))
        XCTAssertFalse(policy.permitsDownload(from: "https://zoom.us@evil.example/rec"))
        XCTAssertFalse(policy.permitsDownload(from: "https://user:pw@zoom.us/rec"))
        XCTAssertFalse(policy.permitsDownload(from: "ftp://zoom.us/rec"))
        XCTAssertFalse(policy.permitsDownload(from: "/rec/download/abc"))
        XCTAssertFalse(policy.permitsDownload(from: "http://127.0.0.1:8080/rec/download/abc"))
    }

    func testPlainHTTPOnlyForAListedLoopbackHost() throws {
        let policy = try XCTUnwrap(DownloadHostPolicy(setting: "127.0.0.1, example.org"))
        XCTAssertTrue(policy.permitsDownload(from: "http://127.0.0.1:41234/rec/download/abc"))
        XCTAssertFalse(policy.permitsDownload(from: "http://127.0.0.2:41234/rec/download/abc"))
        XCTAssertFalse(policy.permitsDownload(from: "http://example.org/rec"))
        XCTAssertTrue(policy.permitsDownload(from: "https://example.org/rec"))
        XCTAssertFalse(policy.permitsDownload(from: "https://www.example.org/rec"))
    }

    func testRedirectsGoOverHTTPSOrToLoopback() {
        XCTAssertTrue(DownloadHostPolicy.permitsRedirect(to: "https://storage.example/signed?sig=1"))
        XCTAssertTrue(DownloadHostPolicy.permitsRedirect(to: "http://127.0.0.1:9/rec/file/a"))
        XCTAssertTrue(DownloadHostPolicy.permitsRedirect(to: "http://[::1]:9/rec/file/a"))
        XCTAssertFalse(DownloadHostPolicy.permitsRedirect(to: "http://169.254.169.254/latest/meta-data"))
        XCTAssertFalse(DownloadHostPolicy.permitsRedirect(to: "file:///etc/passwd"))
    }

    func testSettingsThatAreNotHostNamesAreRefused() {
        XCTAssertNil(DownloadHostPolicy(setting: ""))
        XCTAssertNil(DownloadHostPolicy(setting: "https://zoom.us"))
        XCTAssertNil(DownloadHostPolicy(setting: "zoom.us/rec"))
        XCTAssertNil(DownloadHostPolicy(setting: "*zoom.us"))
        XCTAssertNil(DownloadHostPolicy(setting: "zoom.*.us"))
        XCTAssertEqual(DownloadHostPolicy(setting: DownloadHostPolicy.defaultSetting), .standard)
    }

    func testTheConfigurationReadsTheSetting() throws {
        let configured = try Configuration(environment: ["ZOOM_DOWNLOAD_HOSTS": "127.0.0.1"], cores: 1, readFile: { _ in "" })
        XCTAssertEqual(configured.zoomDownloadHosts.patterns, ["127.0.0.1"])
        XCTAssertEqual(try Configuration(environment: [:], cores: 1, readFile: { _ in "" }).zoomDownloadHosts, .standard)
        XCTAssertThrowsError(try Configuration(environment: ["ZOOM_DOWNLOAD_HOSTS": "http://x"], cores: 1,
                                               readFile: { _ in "" }))
    }
}

import Foundation
import Hummingbird
import Prometheus
import SolusiKit

/// The console's Prometheus counters: requests and latency per route, claims, labels, failed logins.
final class ConsoleMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let claims: Counter
    let failedLogins: Counter
    private let accepts: Counter
    private let relabels: Counter

    init() {
        claims = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "solusi", metricName: "console_claims", unitName: "total",
                helpText: "Tickets claimed by agents in the console."))
        failedLogins = registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "solusi", metricName: "console_failed_logins", unitName: "total",
                helpText: "Logins refused: wrong name or password, or throttled."))
        let labels = MetricNameDescriptor(
            namespace: "solusi", metricName: "console_labels", unitName: "total",
            helpText: "Labels agents gave in the console.")
        accepts = registry.makeCounter(descriptor: labels, labels: [("action", "accept")])
        relabels = registry.makeCounter(descriptor: labels, labels: [("action", "relabel")])
    }

    /// The counter of one kind of label.
    func labels(_ action: Label.Action) -> Counter { action == .accept ? accepts : relabels }

    /// Counts a request and its latency under its route (the pattern, never the ticket's id).
    func record(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "solusi", metricName: "console_requests", unitName: "total", helpText: "Requests per route."),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "solusi", metricName: "console_request_duration", unitName: "seconds",
                helpText: "Request latency per route."),
            labels: [("route", route), ("method", method)],
            buckets: [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            ]
        ).record(duration)
    }
}

/// Times every request and counts it under its route.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    let metrics: ConsoleMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        // Only the methods the console serves: a client can send any token as a method, and
        // each would otherwise be a new series kept for ever.
        let method = [.get, .post, .head].contains(request.method) ? request.method.rawValue : "other"
        do {
            let response = try await next(request, context)
            metrics.record(
                route: context.endpointPath ?? "other", method: method, status: response.status.code,
                duration: start.duration(to: .now))
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(
                route: context.endpointPath ?? "other", method: method, status: status,
                duration: start.duration(to: .now))
            throw error
        }
    }
}

/// The headers every answer carries: no inline script or style, no framing, no sniffing, no
/// caching of pages that hold ticket text, no referrer leaving the console.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    /// Whether the console is served over https (`--secure-cookies`): browsers are then told to
    /// keep to https (`Strict-Transport-Security`).
    var https = false

    static let policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if https { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

/// Answers what went wrong in Bahasa Indonesia: a page for a route that does not exist, and for
/// a failure (the database not answering, say) a 503 page; the log gets the error's kind, never
/// the request's form or the ticket's text.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError where error.status == .notFound {
            return Console.page(
                Pages.message(
                    title: "Tidak ditemukan", text: "Halaman ini tidak ada.", viewer: nil, link: ("/", "Ke antrean")),
                status: .notFound)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error("request failed", metadata: ["error": .string(String(describing: type(of: error)))])
            return Console.page(
                Pages.message(
                    title: "Terjadi gangguan",
                    text: "Server atau basis data sedang tidak menjawab. Coba lagi sebentar lagi.",
                    viewer: nil, link: ("/", "Coba lagi")),
                status: .serviceUnavailable)
        }
    }
}

/// Reads the session cookie into the context, and the form of a POST; a POST whose `csrf` field
/// is not its session's token (or, for the login form, the login cookie's) gets 403 and reaches
/// no route.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = ConsoleContext
    let console: Console

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        var request = request
        if let token = request.cookies[Console.sessionCookie]?.value, !token.isEmpty {
            context.signedIn = try await console.accounts.session(token: token)
        }
        guard request.method == .post else { return try await next(request, context) }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        context.form = formFields(String(buffer: body))
        let sent = context.form["csrf"] ?? ""
        let expected: String?
        if request.uri.path == "/login" {
            expected = request.cookies[Console.loginCookie]?.value
        } else {
            expected = context.signedIn?.session.csrf
        }
        guard let expected, !expected.isEmpty, Accounts.sameSecret(sent, expected) else {
            let viewer = console.viewer(context)
            let page = Pages.message(
                title: "Permintaan ditolak",
                text: context.signedIn == nil
                    ? "Sesi Anda sudah berakhir atau belum masuk. Masuk lagi, lalu ulangi."
                    : "Formulir ini kedaluwarsa atau tidak berasal dari konsol. Muat ulang halaman, lalu ulangi.",
                viewer: viewer, link: context.signedIn == nil ? ("/login", "Masuk") : ("/", "Ke antrean"))
            return Console.page(page, status: .forbidden)
        }
        return try await next(request, context)
    }
}

import Foundation
import Hummingbird
import NIOCore
import SolusiKit
import SolusiReport

/// What one request carries through the console: where it came from, the logged-in agent (set
/// by `SessionMiddleware`) and, for a POST, its form fields.
public struct ConsoleContext: RequestContext {
    /// Hummingbird's own part.
    public var coreContext: CoreRequestContextStorage
    /// The client's address, for throttling failed logins ("" when unknown).
    public let address: String
    /// The session and its agent, when the request's cookie stands for a live one.
    public var signedIn: (session: ConsoleSession, agent: Agent)?
    /// The fields of a POSTed form.
    public var form: [String: String] = [:]

    /// A context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? ""
    }

    /// Forms are small: a note is at most a few hundred characters.
    public var maxUploadSize: Int { 64 * 1024 }
}

/// Which tickets a queue page or a "next" shows: a filter of the agents' queue, or the tickets
/// the agent holds. Carried in the query (`?issue=ID`, `?unknown=1`, `?mine=1`) and in a hidden
/// `filter` field of the forms.
enum QueueFilter: Hashable, Sendable {
    case all
    case issue(String)
    case unknown
    case mine

    /// The filter of a query string's parameters.
    init(query: [String: String]) {
        if query["mine"] == "1" {
            self = .mine
        } else if query["unknown"] == "1" {
            self = .unknown
        } else if let issue = query["issue"], !issue.isEmpty {
            self = .issue(issue)
        } else {
            self = .all
        }
    }

    /// The filter a form's hidden `filter` field names.
    init(field: String?) {
        switch field ?? "" {
        case "", "all": self = .all
        case "unknown": self = .unknown
        case "mine": self = .mine
        case let issue: self = .issue(issue)
        }
    }

    /// The store's filter; "mine" takes every ticket (the agent's own come first anyway).
    var triage: TriageFilter {
        switch self {
        case .all, .mine: .all
        case .issue(let id): .issue(id)
        case .unknown: .unknown
        }
    }

    /// The queue page of this filter.
    var queryPath: String { queryPath(after: nil) }

    /// The queue page of this filter, after the ticket with this row id.
    func queryPath(after rowID: Int64?) -> String {
        var parameters: [String] = []
        switch self {
        case .all: break
        case .issue(let id):
            parameters.append("issue=" + (id.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""))
        case .unknown: parameters.append("unknown=1")
        case .mine: parameters.append("mine=1")
        }
        if let rowID { parameters.append("after=\(rowID)") }
        return parameters.isEmpty ? "/" : "/?" + parameters.joined(separator: "&")
    }

    /// The characters a query value keeps as they are (RFC 3986's unreserved ones).
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    /// The hidden field that carries the filter through a form.
    var hiddenField: SolusiReport.HTML {
        let value: String
        switch self {
        case .all: value = "all"
        case .issue(let id): value = id
        case .unknown: value = "unknown"
        case .mine: value = "mine"
        }
        return "<input type=\"hidden\" name=\"filter\" value=\"\(value)\">"
    }
}

/// The fields of an `application/x-www-form-urlencoded` body or a query string: `+` is a space,
/// `%XX` a byte; the first of repeated names counts; a malformed escape leaves the text as sent.
func formFields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        func decoded(_ part: Substring) -> String {
            let spaced = part.replacingOccurrences(of: "+", with: " ")
            return spaced.removingPercentEncoding ?? spaced
        }
        let name = decoded(parts[0])
        if fields[name] == nil { fields[name] = parts.count > 1 ? decoded(parts[1]) : "" }
    }
    return fields
}

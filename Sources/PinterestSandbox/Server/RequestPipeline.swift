import Foundation
import PinterestAds

extension SandboxStore {
    /// Answers one request: log it, let the data live, apply chaos, check the token, route.
    func handle(_ request: SandboxRequest) -> SandboxResponse {
        let arrival = now()
        let authorization = request.headers["authorization"] ?? ""
        let bearer = authorization.lowercased().hasPrefix("bearer ")
            ? authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces) : nil
        log.append(RecordedRequest(method: request.method, path: request.path, query: request.query,
                                   body: request.body, time: arrival, bearer: bearer))
        tick()
        var delay = 0.0
        if let latency = chaos.latency, latency.scope.matches(method: request.method, path: request.path) {
            delay += Double(latency.milliseconds) / 1000
        }
        let fault = chaos.faults.first { $0.scope.matches(method: request.method, path: request.path) }?.fault
        switch fault {
        case .hang?:
            return SandboxResponse(status: 200, body: Data(), delivery: .hang)
        case .connectionResetUnhandled?:
            var response = SandboxResponse.error(500, code: ErrorCode.internalError, "Connection dropped.")
            response.delivery = .reset
            return response
        case .slowResponse(let seconds)?:
            delay += seconds
        default:
            break
        }
        let unchanged = fault == .ignoreWrite ? data : nil
        var response = chaosRefusal(for: request) ?? budgetRefusal(for: request) ?? route(request)
        addBudgetHeaders(for: request, to: &response)
        if let unchanged { data = unchanged }
        response.delay = delay
        if let fault { apply(fault, to: &response) }
        return response
    }

    /// A 429 or 5xx the chaos settings call for, or nil.
    func chaosRefusal(for request: SandboxRequest) -> SandboxResponse? {
        if let limit = chaos.rateLimit, limit.every > 0, limit.scope.matches(method: request.method, path: request.path) {
            rateLimitCount += 1
            if rateLimitCount % limit.every == 0 {
                var response = SandboxResponse.error(429, code: ErrorCode.rateLimited,
                                                     "You have exceeded your rate limit. Try again later.")
                response.headers["Retry-After"] = String(limit.retryAfterSeconds)
                return response
            }
        }
        if let errors = chaos.serverErrors, errors.rate > 0, errors.scope.matches(method: request.method, path: request.path) {
            if chaosRandom.nextUnit() < errors.rate {
                let status = [500, 502, 503][Int(chaosRandom.next() % 3)]
                return .error(status, code: ErrorCode.internalError,
                              "Something went wrong on our end. Sorry about that.")
            }
        }
        return nil
    }

    /// Rewrites a response's body or delivery for a body fault.
    func apply(_ fault: ChaosSettings.Fault, to response: inout SandboxResponse) {
        switch fault {
        case .truncatedJSON:
            response.body = response.body.prefix(max(1, response.body.count / 2))
        case .htmlBody:
            response.status = 200
            response.headers["Content-Type"] = "text/html; charset=utf-8"
            response.body = Data(Self.htmlPage.utf8)
        case .connectionReset, .connectionResetUnhandled:
            response.delivery = .reset
        case .hang, .slowResponse, .ignoreWrite:
            break
        }
    }

    static let htmlPage = """
        <!DOCTYPE html>
        <html><head><title>Pinterest — Service unavailable</title></head>
        <body><h1>Oops! Something went wrong.</h1><p>Please try again later.</p></body></html>
        """

    /// Dispatches by method and path (`/v5/...`).
    func route(_ request: SandboxRequest) -> SandboxResponse {
        var parts = request.path.split(separator: "/").map(String.init)
        if parts == ["oauth"] { return request.method == "GET" ? authorizePage(request) : methodNotAllowed(request) }
        guard parts.first == "v5" else { return notFound(request) }
        parts.removeFirst()
        if parts == ["oauth", "token"] {
            return request.method == "POST" ? oauthToken(request) : methodNotAllowed(request)
        }
        if parts == ["oauth", "token", "revoke"] {
            return request.method == "POST" ? revokeToken(request) : methodNotAllowed(request)
        }
        guard isAuthorized(request) else {
            return .error(401, code: ErrorCode.authenticationFailed, "Authentication failed.")
        }
        if parts == ["user_account"] { return request.method == "GET" ? userAccount(request) : methodNotAllowed(request) }
        guard parts.first == "ad_accounts" else { return notFound(request) }
        if let (operation, pathValues) = RequestRules.operation(method: request.method, path: request.path),
           let problem = RequestRules.problem(in: request, operation: operation, pathValues: pathValues) {
            return .error(400, code: ErrorCode.invalidParameters, problem)
        }
        if parts.count == 1 {
            return request.method == "GET" ? listAccounts(request) : methodNotAllowed(request)
        }
        let accountID = parts[1]
        guard let account = data.account(accountID) else {
            return .error(404, code: ErrorCode.authenticationFailed, "AdAccount not found.")
        }
        if parts.count == 2 {
            return request.method == "GET" ? .json(account) : methodNotAllowed(request)
        }
        if parts.count == 3, parts[2] == "analytics" {
            return request.method == "GET" ? accountAnalytics(account: accountID, request: request) : methodNotAllowed(request)
        }
        guard parts.count >= 3, let kind = EntityKind.allCases.first(where: { $0.pathSegment == parts[2] }) else {
            return notFound(request)
        }
        switch (parts.count, request.method) {
        case (3, "GET"): return listEntities(kind, account: accountID, request: request)
        case (3, "PATCH"): return updateStatuses(kind, account: accountID, request: request)
        case (4, "GET") where parts[3] == "analytics":
            return analytics(kind, account: accountID, request: request)
        case (4, "GET"): return getEntity(kind, account: accountID, id: parts[3])
        case (3, _), (4, _): return methodNotAllowed(request)
        default: return notFound(request)
        }
    }

    /// Whether the bearer token is one the sandbox accepts now.
    func isAuthorized(_ request: SandboxRequest) -> Bool {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("bearer ") else {
            return false
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, !isRevokedOrExpired(token) else { return false }
        if chaos.expireTokens { return issuedSinceExpiry.contains(token) }
        if issuedTokens.contains(token) { return true }
        return requiredToken.map { $0 == token } ?? true
    }

    func notFound(_ request: SandboxRequest) -> SandboxResponse {
        .error(404, code: ErrorCode.notFound, "No such endpoint: \(request.method) \(request.path)")
    }

    func methodNotAllowed(_ request: SandboxRequest) -> SandboxResponse {
        .error(405, code: ErrorCode.invalidParameters, "Method \(request.method) is not allowed on \(request.path)")
    }
}

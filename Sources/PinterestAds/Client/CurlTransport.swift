import CCurl
import Foundation
import Synchronization

/// The production transport: libcurl's easy interface, one blocking transfer per request on a
/// queue of its own, with connections kept alive between requests and gzip accepted. libcurl is
/// loaded at run time (see `CCurl.h`), so building Pinwatch needs no libcurl headers.
///
/// Why not URLSession: on Linux, FoundationNetworking keeps a write source armed on the socket
/// while it waits for a response, so every pending request spins a core (scripts/BENCHMARKS.md,
/// "A request that never answers"). An ops screen waiting on a slow or hanging API would burn CPU
/// all day. A blocking `curl_easy_perform` sleeps in `poll()` instead.
public final class CurlTransport: HTTPTransport {
    /// Transfers block a thread each; they never run on Swift's cooperative pool.
    private let queue = DispatchQueue(label: "pinwatch.http", qos: .utility, attributes: .concurrent)
    /// Idle easy handles; reusing one reuses its open connection.
    private let idle = Mutex<[EasyHandle]>([])
    private static let maxIdleHandles = 8
    private static let globalInit: CURLcode = pw_curl_global_init(Int(PW_CURL_GLOBAL_DEFAULT))

    /// Creates a transport.
    public init() {
        _ = Self.globalInit
    }

    deinit {
        idle.withLock { handles in
            handles.forEach { pw_curl_easy_cleanup($0.raw) }
            handles.removeAll()
        }
    }

    /// Sends the request; any HTTP status is returned, only transport failures throw.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transfer = Transfer()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async {
                    continuation.resume(with: self.perform(request, transfer))
                }
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
        }
    }

    private func perform(_ request: HTTPRequest, _ transfer: Transfer) -> Result<HTTPResponse, any Error> {
        guard let handle = idle.withLock({ $0.popLast()?.raw }) ?? pw_curl_easy_init() else {
            let reason = pw_curl_load_error().map { String(cString: $0) } ?? "cannot start a transfer"
            return .failure(PinterestError.transport(kind: .other, message: reason))
        }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer {
            pw_curl_slist_free_all(headerList)
            let kept = idle.withLock { handles -> Bool in
                guard handles.count < Self.maxIdleHandles else { return false }
                handles.append(EasyHandle(raw: handle))
                return true
            }
            if !kept { pw_curl_easy_cleanup(handle) }
        }
        pw_curl_easy_reset(handle)
        for (name, value) in request.headers {
            headerList = pw_curl_slist_append(headerList, "\(name): \(value)")
        }
        headerList = pw_curl_slist_append(headerList, "Expect:")  // no 100-continue round trip
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        let timeoutMs = max(1, Int((request.timeout * 1000).rounded(.up)))
        _ = pw_curl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString)
        _ = pw_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = pw_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = pw_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMs)
        _ = pw_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMs, 10_000))
        _ = pw_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // gzip/deflate: less on the wire
        _ = pw_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
        _ = pw_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = pw_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        _ = pw_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = pw_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        _ = pw_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
        _ = pw_curl_setopt_xferinfo(handle, curlProgress)
        _ = pw_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
        switch request.method {
        case .get:
            _ = pw_curl_setopt_long(handle, CURLOPT_HTTPGET, 1)
        default:
            _ = pw_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            let body = request.body ?? Data()
            _ = pw_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call.
                _ = pw_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS,
                                           UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)))
            }
        }
        let code = pw_curl_easy_perform(handle)
        guard code == CURLE_OK else { return .failure(Self.map(code)) }
        var status = 0
        _ = pw_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: transfer.headers, body: transfer.body))
    }

    /// Maps a libcurl failure to a transport error (never includes the URL or headers).
    static func map(_ code: CURLcode) -> any Error {
        let message = String(cString: pw_curl_easy_strerror(code)).lowercased()
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:
            return CancellationError()
        case CURLE_OPERATION_TIMEDOUT:
            return PinterestError.transport(kind: .timedOut, message: "request timed out")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return PinterestError.transport(kind: .cannotConnect, message: "cannot connect to host")
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return PinterestError.transport(kind: .connectionLost, message: "connection lost")
        default:
            return PinterestError.transport(kind: .other, message: message)
        }
    }
}

/// A libcurl easy handle in the idle pool. A handle is used by one transfer at a time: it is taken
/// out of the pool under the lock before use and put back after, so it is never shared.
private struct EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// What one transfer has received so far; reached from libcurl's callbacks on the transfer's thread.
private final class Transfer: @unchecked Sendable {
    // body and headers are touched only by the thread running curl_easy_perform for this transfer;
    // `cancelled` is atomic because the cancellation handler sets it from another thread.
    var body = Data()
    var headers = HTTPHeaderFields()
    let cancelled = Atomic<Bool>(false)
}

private func transfer(_ pointer: UnsafeMutableRawPointer?) -> Transfer? {
    pointer.map { Unmanaged<Transfer>.fromOpaque($0).takeUnretainedValue() }
}

private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                           _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let transfer = transfer(context) else { return length }
    transfer.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int,
                             _ context: UnsafeMutableRawPointer?) -> Int {
    let length = size * count
    guard let data, let transfer = transfer(context) else { return length }
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    if line.hasPrefix("HTTP/") {
        transfer.headers = HTTPHeaderFields()  // a new response (after 100 Continue or a redirect)
    } else if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        if !name.isEmpty { transfer.headers[name] = value }
        // Room for the whole body at once: a 250 KB page otherwise grows (and is copied) a dozen
        // times. The length is the server's word, so only a sane one is taken.
        if name.caseInsensitiveCompare("Content-Length") == .orderedSame, let expected = Int(value),
           expected > 0, expected <= maxReservedBody {
            transfer.body.reserveCapacity(expected)
        }
    }
    return length
}

/// The largest body room reserved up front from a Content-Length (larger bodies still arrive).
private let maxReservedBody = 16 << 20

private func curlProgress(_ context: UnsafeMutableRawPointer?, _: curl_off_t, _: curl_off_t, _: curl_off_t,
                          _: curl_off_t) -> Int32 {
    (transfer(context)?.cancelled.load(ordering: .relaxed) ?? false) ? 1 : 0
}

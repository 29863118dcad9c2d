#ifndef PINWATCH_CCURL_H
#define PINWATCH_CCURL_H

/*
 * The part of libcurl's easy interface Pinwatch uses, reached at run time.
 *
 * Why not link against libcurl with its headers: a machine with Swift and the system libraries
 * Pinwatch's users have (libcurl4 is there wherever git or apt is) usually lacks
 * libcurl4-openssl-dev, and `swift run pinwatch --demo` must build there. The easy interface is a
 * stable C ABI: the option and info numbers and the error codes below are libcurl's documented
 * values, unchanged since libcurl 7 (CURLOPT_PROTOCOLS_STR since 7.85). The library is loaded with
 * dlopen on first use; every wrapper fails cleanly (NULL or CURLE_FAILED_INIT) when it cannot be.
 */

#include <stddef.h>
#include <stdint.h>

typedef void CURL;
typedef int64_t curl_off_t;

struct curl_slist {
    char *data;
    struct curl_slist *next;
};

typedef enum {
    CURLE_OK = 0,
    CURLE_FAILED_INIT = 2,
    CURLE_COULDNT_RESOLVE_PROXY = 5,
    CURLE_COULDNT_RESOLVE_HOST = 6,
    CURLE_COULDNT_CONNECT = 7,
    CURLE_PARTIAL_FILE = 18,
    CURLE_OPERATION_TIMEDOUT = 28,
    CURLE_ABORTED_BY_CALLBACK = 42,
    CURLE_GOT_NOTHING = 52,
    CURLE_SEND_ERROR = 55,
    CURLE_RECV_ERROR = 56,
} CURLcode;

/* CURLOPTTYPE_LONG + n = n, OBJECTPOINT/STRINGPOINT/SLISTPOINT/CBPOINT = 10000 + n,
   FUNCTIONPOINT = 20000 + n, OFF_T = 30000 + n. */
typedef enum {
    CURLOPT_WRITEDATA = 10001,
    CURLOPT_URL = 10002,
    CURLOPT_HTTPHEADER = 10023,
    CURLOPT_HEADERDATA = 10029,
    CURLOPT_CUSTOMREQUEST = 10036,
    CURLOPT_NOPROGRESS = 43,
    CURLOPT_XFERINFODATA = 10057,
    CURLOPT_POSTFIELDSIZE = 60,
    CURLOPT_HTTPGET = 80,
    CURLOPT_NOSIGNAL = 99,
    CURLOPT_ACCEPT_ENCODING = 10102,
    CURLOPT_TIMEOUT_MS = 155,
    CURLOPT_CONNECTTIMEOUT_MS = 156,
    CURLOPT_COPYPOSTFIELDS = 10165,
    CURLOPT_WRITEFUNCTION = 20011,
    CURLOPT_HEADERFUNCTION = 20079,
    CURLOPT_XFERINFOFUNCTION = 20219,
    CURLOPT_PROTOCOLS_STR = 10318,
} CURLoption;

/* CURLINFO_LONG (0x200000) + 2 */
typedef enum {
    CURLINFO_RESPONSE_CODE = 0x200002,
} CURLINFO;

enum { PW_CURL_GLOBAL_DEFAULT = 3 };

/* NULL when libcurl is loaded, else a sentence saying why it could not be. */
const char *pw_curl_load_error(void);

CURLcode pw_curl_global_init(long flags);
CURL *pw_curl_easy_init(void);
void pw_curl_easy_cleanup(CURL *handle);
void pw_curl_easy_reset(CURL *handle);
CURLcode pw_curl_easy_perform(CURL *handle);
const char *pw_curl_easy_strerror(CURLcode code);
struct curl_slist *pw_curl_slist_append(struct curl_slist *list, const char *string);
void pw_curl_slist_free_all(struct curl_slist *list);

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers. */
CURLcode pw_curl_setopt_long(CURL *h, CURLoption o, long v);
CURLcode pw_curl_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode pw_curl_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode pw_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode pw_curl_setopt_write(CURL *h, CURLoption o, size_t (*f)(char *, size_t, size_t, void *));
CURLcode pw_curl_setopt_xferinfo(CURL *h, int (*f)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode pw_curl_getinfo_long(CURL *h, CURLINFO i, long *v);

#endif

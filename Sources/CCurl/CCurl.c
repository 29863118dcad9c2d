#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* The names libcurl's easy interface goes by on the systems Pinwatch runs on, most usual first. */
static const char *const library_names[] = {
#if defined(__APPLE__)
    "libcurl.4.dylib",
    "libcurl.dylib",
#else
    "libcurl.so.4",
    "libcurl-gnutls.so.4",
    "libcurl-nss.so.4",
    "libcurl.so",
#endif
};

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int loaded;

#define LOOKUP(handle, field, symbol)                                                              \
    do {                                                                                           \
        *(void **)(&curl.field) = dlsym(handle, symbol);                                           \
        if (curl.field == NULL) {                                                                  \
            snprintf(load_error, sizeof load_error, "libcurl has no %s", symbol);                  \
            return;                                                                                \
        }                                                                                          \
    } while (0)

static void load(void) {
    void *handle = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof library_names[0] && handle == NULL; i++) {
        handle = dlopen(library_names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        snprintf(load_error, sizeof load_error,
                 "libcurl is not installed (Debian and Ubuntu: apt-get install libcurl4)");
        return;
    }
    LOOKUP(handle, global_init, "curl_global_init");
    LOOKUP(handle, easy_init, "curl_easy_init");
    LOOKUP(handle, easy_cleanup, "curl_easy_cleanup");
    LOOKUP(handle, easy_reset, "curl_easy_reset");
    LOOKUP(handle, easy_perform, "curl_easy_perform");
    LOOKUP(handle, easy_strerror, "curl_easy_strerror");
    LOOKUP(handle, slist_append, "curl_slist_append");
    LOOKUP(handle, slist_free_all, "curl_slist_free_all");
    LOOKUP(handle, easy_setopt, "curl_easy_setopt");
    LOOKUP(handle, easy_getinfo, "curl_easy_getinfo");
    loaded = 1;
}

static int ready(void) {
    pthread_once(&load_once, load);
    return loaded;
}

const char *pw_curl_load_error(void) { return ready() ? NULL : load_error; }

CURLcode pw_curl_global_init(long flags) { return ready() ? curl.global_init(flags) : CURLE_FAILED_INIT; }
CURL *pw_curl_easy_init(void) { return ready() ? curl.easy_init() : NULL; }
void pw_curl_easy_cleanup(CURL *handle) { if (ready() && handle) curl.easy_cleanup(handle); }
void pw_curl_easy_reset(CURL *handle) { if (ready() && handle) curl.easy_reset(handle); }
CURLcode pw_curl_easy_perform(CURL *handle) { return ready() ? curl.easy_perform(handle) : CURLE_FAILED_INIT; }

const char *pw_curl_easy_strerror(CURLcode code) {
    return ready() ? curl.easy_strerror(code) : load_error;
}

struct curl_slist *pw_curl_slist_append(struct curl_slist *list, const char *string) {
    return ready() ? curl.slist_append(list, string) : NULL;
}

void pw_curl_slist_free_all(struct curl_slist *list) { if (ready() && list) curl.slist_free_all(list); }

CURLcode pw_curl_setopt_long(CURL *h, CURLoption o, long v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode pw_curl_setopt_string(CURL *h, CURLoption o, const char *v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode pw_curl_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode pw_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return ready() ? curl.easy_setopt(h, o, v) : CURLE_FAILED_INIT;
}
CURLcode pw_curl_setopt_write(CURL *h, CURLoption o, size_t (*f)(char *, size_t, size_t, void *)) {
    return ready() ? curl.easy_setopt(h, o, f) : CURLE_FAILED_INIT;
}
CURLcode pw_curl_setopt_xferinfo(CURL *h, int (*f)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
    return ready() ? curl.easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f) : CURLE_FAILED_INIT;
}
CURLcode pw_curl_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return ready() ? curl.easy_getinfo(h, i, v) : CURLE_FAILED_INIT;
}

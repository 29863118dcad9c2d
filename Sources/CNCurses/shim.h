#ifndef PINWATCH_CNCURSES_SHIM_H
#define PINWATCH_CNCURSES_SHIM_H
/* Wide-character curses API (mvwaddnwstr, wget_wch, cchar_t). Must precede the include. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/*
 * Swift cannot call C macros with arguments, and in Swift 6 mode it refuses to read C globals
 * such as stdscr or stdout (shared mutable state). These helpers expose exactly what the
 * Terminal module needs, evaluated in C.
 */

/* Globals */
static inline WINDOW *pw_stdscr(void) { return stdscr; }
static inline WINDOW *pw_curscr(void) { return curscr; }
static inline int pw_colors(void) { return COLORS; }
static inline int pw_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *pw_stdout(void) { return stdout; }
static inline FILE *pw_stdin(void) { return stdin; }

/* Function-like macros */
static inline attr_t pw_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline int pw_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int pw_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int pw_key_f(int n) { return KEY_F(n); }
static inline int pw_wattr_set(WINDOW *w, attr_t a, short pair) { return wattr_set(w, a, pair, NULL); }

/* Attribute bits */
static inline attr_t pw_a_normal(void) { return A_NORMAL; }
static inline attr_t pw_a_bold(void) { return A_BOLD; }
static inline attr_t pw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pw_a_reverse(void) { return A_REVERSE; }
static inline attr_t pw_a_dim(void) { return A_DIM; }
static inline attr_t pw_a_italic(void) { return A_ITALIC; }

/* Mouse event bits */
static inline mmask_t pw_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t pw_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t pw_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t pw_button1_double_clicked(void) { return BUTTON1_DOUBLE_CLICKED; }
static inline mmask_t pw_button1_triple_clicked(void) { return BUTTON1_TRIPLE_CLICKED; }
static inline mmask_t pw_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t pw_button5_pressed(void) { return BUTTON5_PRESSED; }


/* The C library's column width of a character (declared here: Swift's Glibc module hides it). */
extern int wcwidth(wchar_t);
static inline int pw_wcwidth(wchar_t c) { return wcwidth(c); }

/* A terminfo string capability, or NULL when absent or not a string (tigetstr returns (char *)-1). */
static inline const char *pw_tigetstr(const char *name) {
    char *s = tigetstr(name);
    return (s == NULL || s == (char *)-1) ? NULL : s;
}

#endif

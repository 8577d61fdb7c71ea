/* Text hygiene shared by the writers: UTF-8 validation and XML/HTML escaping. */
#include <string.h>
#include "report_internal.h"

size_t vmi__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c, min;
    size_t len, i;

    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        len = 2, c = s[0] & 0x1Fu, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0Fu, min = 0x800;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        len = 4, c = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (s[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* XML 1.0's Char production: a character outside it makes the whole
 * document unreadable to a strict parser, so it is dropped, not escaped. */
static int xml_char_ok(uint32_t c)
{
    if (c < 0x20)
        return c == 0x09 || c == 0x0A || c == 0x0D;
    return c != 0xFFFE && c != 0xFFFF;
}

static const char *xml_entity(uint32_t c, int attr)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    case '\r': return "&#13;"; /* a raw CR would be normalised away by the reader */
    case '\n': return attr ? "&#10;" : NULL;
    case '\t': return attr ? "&#9;" : NULL;
    default: return NULL;
    }
}

void vmi__xml_write(FILE *out, const char *s, int attr)
{
    const unsigned char *p = (const unsigned char *)VMI__STR(s);
    size_t left = strlen((const char *)p), n;
    const char *ent;
    uint32_t c;

    while (left > 0) {
        n = vmi__utf8_decode(p, left, &c);
        if (n == 0) {
            fputs("\xEF\xBF\xBD", out);
            n = 1;
        } else if ((ent = xml_entity(c, attr)) != NULL) {
            fputs(ent, out);
        } else if (xml_char_ok(c)) {
            fwrite(p, 1, n, out);
        }
        p += n;
        left -= n;
    }
}

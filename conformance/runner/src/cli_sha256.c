/* SHA-256 in hex, through OpenSSL's libcrypto: reports bind results to exact inputs. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

static void to_hex(const unsigned char *md, unsigned n, char out[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned i;

    for (i = 0; i < n && i < 32; i++) {
        out[2 * i] = digits[md[i] >> 4];
        out[2 * i + 1] = digits[md[i] & 15];
    }
    out[2 * i] = '\0';
}

int cli_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;

    if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1)
        return -1;
    to_hex(md, n, out);
    return 0;
}

int cli_sha256_file(const char *path, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
    unsigned n = 0;
    size_t got;
    int ok;
    FILE *f = fopen(path, "rb");
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();

    ok = f && ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1;
    while (ok && (got = fread(buf, 1, sizeof(buf), f)) > 0)
        ok = EVP_DigestUpdate(ctx, buf, got) == 1;
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(ctx, md, &n) == 1;
    if (ok)
        to_hex(md, n, out);
    EVP_MD_CTX_free(ctx);
    if (f)
        fclose(f);
    return ok ? 0 : -1;
}

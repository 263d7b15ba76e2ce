package org.aihegemony.kg.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through while checking that they are well-formed UTF-8 and counting lines, so that an
 * invalid byte fails the parse with its line and column instead of becoming U+FFFD in the store.
 */
final class Utf8CheckingInputStream extends FilterInputStream {
    /** Thrown (as an IOException, which parsers pass on) at the first invalid byte. */
    static final class InvalidUtf8Exception extends IOException {
        final long line, column;

        InvalidUtf8Exception(long line, long column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private long line = 1;
    private long column = 0;        // characters seen on this line
    private int pending;            // continuation bytes still expected
    private int min;                // smallest code point allowed for the sequence (overlong check)
    private int codePoint;
    private InvalidUtf8Exception failure;

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    /** The error found, if any (parsers may wrap or swallow the exception). */
    InvalidUtf8Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0)
            endOfInput();
        else
            check((byte) b);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
            endOfInput();
            return n;
        }
        for (int i = off; i < off + n; i++)
            check(buf[i]);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported");
    }

    private void check(byte x) throws IOException {
        if (failure != null)
            throw failure;
        int b = x & 0xFF;
        if (pending == 0) {
            if (b < 0x80) {
                if (b == '\n') { line++; column = 0; } else column++;
                return;
            }
            column++;
            if (b >= 0xC2 && b <= 0xDF) { pending = 1; min = 0x80; codePoint = b & 0x1F; }
            else if (b >= 0xE0 && b <= 0xEF) { pending = 2; min = 0x800; codePoint = b & 0x0F; }
            else if (b >= 0xF0 && b <= 0xF4) { pending = 3; min = 0x10000; codePoint = b & 0x07; }
            else fail(b);
            return;
        }
        if ((b & 0xC0) != 0x80)
            fail(b);
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (--pending == 0 && (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)))
            fail(b);
    }

    private void endOfInput() throws IOException {
        if (pending > 0 && failure == null) {
            failure = new InvalidUtf8Exception(line, column, "invalid UTF-8: the file ends inside a multi-byte character");
            throw failure;
        }
    }

    private void fail(int b) throws IOException {
        failure = new InvalidUtf8Exception(line, Math.max(1, column),
                String.format("invalid UTF-8 (byte 0x%02X); the sources must be UTF-8", b));
        throw failure;
    }
}

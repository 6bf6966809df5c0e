package io.jenkins.plugins.pythonmirror.build;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces every occurrence of a secret with {@code ****} in a byte stream, however the secret is split across
 * writes. Bytes that are not part of a match pass through unchanged, binary included.
 *
 * <p>Matching is leftmost-longest on the raw bytes (UTF-8 of each secret). A partial match is held back until it
 * either completes or cannot; {@link #flush()} therefore flushes everything <em>except</em> such a held-back tail
 * (at most the longest secret's length minus one byte), so a secret is never half-printed. {@link #close()} writes
 * the tail and closes. Secrets shorter than {@value #MIN_SECRET_LENGTH} bytes are ignored, as in
 * credentials-binding, because masking them would mangle ordinary output.
 */
public final class MaskingOutputStream extends FilterOutputStream {

    public static final int MIN_SECRET_LENGTH = 3;
    public static final byte[] MASK = "****".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] secrets;
    private final boolean[] firstBytes = new boolean[256];
    private final byte[] pending;
    private int pendingLength;

    public MaskingOutputStream(OutputStream out, Collection<String> secrets) {
        super(out);
        List<byte[]> list = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                list.add(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        list.sort(Comparator.comparingInt((byte[] b) -> b.length).reversed());
        this.secrets = list.toArray(new byte[0][]);
        int longest = 0;
        for (byte[] s : this.secrets) {
            firstBytes[s[0] & 0xff] = true;
            longest = Math.max(longest, s.length);
        }
        this.pending = new byte[Math.max(1, longest)];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int runStart = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (pendingLength == 0 && !firstBytes[b[i] & 0xff]) {
                continue; // fast path: cannot start a match, stays in the pass-through run
            }
            if (i > runStart) {
                out.write(b, runStart, i - runStart);
            }
            runStart = i + 1;
            pending[pendingLength++] = b[i];
            drain(false);
        }
        if (end > runStart) {
            out.write(b, runStart, end - runStart);
        }
    }

    /** Flushes all but a held-back partial match. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        drain(true);
        super.close();
    }

    /** Emits what in {@code pending} can no longer become part of a longer match. */
    private void drain(boolean atEnd) throws IOException {
        while (pendingLength > 0) {
            if (!atEnd && isProperPrefixOfSome()) {
                return; // wait for more bytes
            }
            byte[] match = longestSecretAtStart();
            int consumed;
            if (match != null) {
                out.write(MASK);
                consumed = match.length;
            } else {
                out.write(pending[0]);
                consumed = 1;
            }
            System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
            pendingLength -= consumed;
        }
    }

    private boolean isProperPrefixOfSome() {
        for (byte[] s : secrets) {
            if (s.length > pendingLength && startsWith(s, pending, pendingLength)) {
                return true;
            }
        }
        return false;
    }

    private byte[] longestSecretAtStart() {
        for (byte[] s : secrets) { // sorted longest first
            if (s.length <= pendingLength && startsWith(pending, s, s.length)) {
                return s;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] haystack, byte[] prefix, int prefixLength) {
        for (int i = 0; i < prefixLength; i++) {
            if (haystack[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

package io.jenkins.plugins.pythonmirror.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A minimal POSIX ustar writer (regular files only, paths ≤ 100 bytes or splittable into prefix/name). */
final class Ustar {

    /** 2020-02-02T00:00:00Z: a fixed mtime keeps archives reproducible. */
    static final long FIXED_TIME_MILLIS = 1_580_601_600_000L;

    private static final int BLOCK = 512;

    private Ustar() {}

    static void write(OutputStream out, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            byte[] data = e.getValue();
            out.write(header(e.getKey(), data.length));
            out.write(data);
            int pad = (BLOCK - data.length % BLOCK) % BLOCK;
            out.write(new byte[pad]);
        }
        out.write(new byte[2 * BLOCK]); // end-of-archive marker: two zero blocks
    }

    private static byte[] header(String path, long size) {
        byte[] h = new byte[BLOCK];
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        String prefix = "";
        String name = path;
        if (p.length > 100) {
            int slash = path.lastIndexOf('/', 155);
            if (slash <= 0 || path.length() - slash - 1 > 100) {
                throw new IllegalArgumentException("path too long for ustar: " + path);
            }
            prefix = path.substring(0, slash);
            name = path.substring(slash + 1);
        }
        put(h, 0, 100, name);
        put(h, 100, 8, octal(0644, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(FIXED_TIME_MILLIS / 1000, 11));
        java.util.Arrays.fill(h, 148, 156, (byte) ' '); // checksum is computed with spaces here
        h[156] = '0'; // regular file
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        put(h, 345, 155, prefix);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        return h;
    }

    private static String octal(long value, int digits) {
        StringBuilder s = new StringBuilder(Long.toOctalString(value));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, offset, Math.min(b.length, length));
    }
}

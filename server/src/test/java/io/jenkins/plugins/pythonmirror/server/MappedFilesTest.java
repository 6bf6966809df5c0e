package io.jenkins.plugins.pythonmirror.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFilesTest {

    @TempDir
    Path tmp;

    private final MappedFiles maps = new MappedFiles(16 * 1024 * 1024);

    @Test
    void aSliceHoldsExactlyTheRequestedBytesOfTheFile() throws Exception {
        byte[] content = randomBytes(100_000, 1);
        Path file = Files.write(tmp.resolve("a.whl"), content);

        assertThat(bytesOf(maps.slice(file, 0, content.length))).isEqualTo(content);
        assertThat(bytesOf(maps.slice(file, 100, 100))).isEqualTo(Arrays.copyOfRange(content, 100, 200));
        assertThat(bytesOf(maps.slice(file, content.length, 0))).isEmpty();
    }

    @Test
    void concurrentReadersOfOneMapDoNotDisturbEachOther() throws Exception {
        byte[] content = randomBytes(10_000, 2);
        Path file = Files.write(tmp.resolve("a.whl"), content);
        ByteBuffer first = maps.slice(file, 0, content.length);
        ByteBuffer second = maps.slice(file, 0, content.length);

        first.get(new byte[5_000]);

        assertThat(second.position()).isZero();
        assertThat(bytesOf(second)).isEqualTo(content);
    }

    @Test
    void aFileReplacedAtTheSamePathIsMappedAfresh() throws Exception {
        Path file = Files.write(tmp.resolve("a.whl"), randomBytes(4_096, 3));
        maps.slice(file, 0, 4_096);
        byte[] replacement = randomBytes(4_096, 4);
        Path temp = Files.write(tmp.resolve("a.whl.tmp"), replacement);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertThat(bytesOf(maps.slice(file, 0, 4_096))).isEqualTo(replacement);
    }

    @Test
    void rangesOutsideTheFileAndFilesOverTheLimitAreLeftToStreaming() throws Exception {
        Path file = Files.write(tmp.resolve("a.whl"), randomBytes(1_000, 5));
        Path large = tmp.resolve("large.whl");
        try (RandomAccessFile raf = new RandomAccessFile(large.toFile(), "rw")) {
            raf.setLength(MappedFiles.MAX_FILE_BYTES + 1); // sparse: no disk space used
        }

        assertThat(maps.slice(file, 900, 101)).isNull();
        assertThat(maps.slice(file, -1, 10)).isNull();
        assertThat(maps.slice(large, 0, 10)).isNull();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}

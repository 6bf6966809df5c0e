package io.jenkins.plugins.pythonmirror.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

class DiskSpaceTest {

    @Test
    void theKernelsOwnNoSpaceErrorIsRecognised() {
        // Linux' /dev/full answers every write with ENOSPC: the real error, without a full filesystem.
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
        Throwable error = catchThrowable(() -> {
            try (FileChannel ch = FileChannel.open(full, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[4096]));
                ch.force(true);
            }
        });
        assertThat(error).isInstanceOf(IOException.class);
        assertThat(DiskSpace.isFull(error)).as(error.getMessage()).isTrue();
        assertThat(DiskSpace.isFull(new IOException("wrapped", error))).isTrue();
    }

    @Test
    void otherIoErrorsAreNot() {
        assertThat(DiskSpace.isFull(new NoSuchFileException("/data/tmp/x.part")))
                .isFalse();
        assertThat(DiskSpace.isFull(new IOException("Connection reset"))).isFalse();
        assertThat(DiskSpace.isFull(new IOException((String) null))).isFalse();
    }
}

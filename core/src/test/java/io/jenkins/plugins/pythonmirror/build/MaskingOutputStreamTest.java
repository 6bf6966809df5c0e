package io.jenkins.plugins.pythonmirror.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingOutputStreamTest {

    static final String TOKEN = "Zx9_tokenTOKEN-0123456789abcdefgh";

    static String mask(List<String> secrets, byte[] input, int... cuts) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (MaskingOutputStream out = new MaskingOutputStream(sink, secrets)) {
            int from = 0;
            for (int cut : cuts) {
                out.write(input, from, cut - from);
                from = cut;
            }
            out.write(input, from, input.length - from);
        }
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void masksATokenSplitAcrossWritesAtEveryOffset() throws IOException {
        String line = "+ pip install -i http://build-1:" + TOKEN + "@ci/python-mirror/simple/ six\n";
        String expected = "+ pip install -i http://build-1:****@ci/python-mirror/simple/ six\n";
        byte[] input = bytes(line);
        for (int cut = 0; cut <= input.length; cut++) {
            assertThat(mask(List.of(TOKEN), input, cut)).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void masksATokenWrittenOneByteAtATime() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (MaskingOutputStream out = new MaskingOutputStream(sink, List.of(TOKEN))) {
            for (byte b : bytes("a" + TOKEN + "b" + TOKEN)) {
                out.write(b);
            }
        }
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("a****b****");
    }

    @Test
    void masksSeveralTokensAndOverlappingPrefixes() throws IOException {
        String other = "abcSECRET";
        String text = "x " + TOKEN + " y " + other + " z abcabcSECRET abcSECRE" + TOKEN + "\n";
        assertThat(mask(List.of(TOKEN, other), bytes(text), 5, 17, 40))
                .isEqualTo("x **** y **** z abc**** abcSECRE****\n");
    }

    @Test
    void prefersTheLongestSecretAtAPosition() throws IOException {
        assertThat(mask(List.of("abc", "abcdef"), bytes("abcdef abcde"), 4)).isEqualTo("**** ****de");
    }

    @Test
    void leavesBinaryOutputUntouchedExceptMatches() throws IOException {
        byte[] noise = new byte[10_000];
        new Random(42).nextBytes(noise);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(noise);
        expected.write(noise);
        input.write(bytes(TOKEN));
        expected.write(MaskingOutputStream.MASK);
        input.write(noise, 0, 100);
        expected.write(noise, 0, 100);
        byte[] in = input.toByteArray();
        assertThat(mask(List.of(TOKEN), in, 3, 9_999, 10_010))
                .isEqualTo(expected.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void flushHoldsBackOnlyAPossibleSecretPrefix() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        MaskingOutputStream out = new MaskingOutputStream(sink, List.of(TOKEN));
        out.write(bytes("progress 10%\r" + TOKEN.substring(0, 5)));
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\r");
        out.write(bytes(TOKEN.substring(5) + " done"));
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\r**** done");
        out.write(bytes(TOKEN.substring(0, 3)));
        out.close();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("progress 10%\r**** done" + TOKEN.substring(0, 3));
    }

    @Test
    void ignoresSecretsShorterThanThreeBytes() throws IOException {
        assertThat(mask(List.of("a", "", TOKEN), bytes("a banana"))).isEqualTo("a banana");
    }

    @Test
    void withoutSecretsEverythingPassesThrough() throws IOException {
        assertThat(mask(List.of(), bytes("plain\n"), 2)).isEqualTo("plain\n");
    }
}
